// The settings of the process running a run, apart from their checks (hyperparams.ts, which
// needs Node), so that contracts carrying them (the comparison request) stay plain types.
import type { DeviceRequest } from '../../runtime/device-request';

/** Settings of one process running the run; they may differ between a run and its resume. */
export interface RunSettings {
  threads?: number;
  device: DeviceRequest;
  /** Stop (with a checkpoint) after this many minutes of training. */
  maxMinutes?: number;
}
