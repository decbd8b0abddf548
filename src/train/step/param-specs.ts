/** The parameter-layout table of a forward pass, without building a whole step graph. */
import { GraphBuilder } from '../../graph';
import { noDropout } from '../../nn/dropout';
import { InputParams, type ParamSpec } from '../../nn/params';
import type { ForwardBuilder } from './step-graph';

export function paramSpecsOf(forward: ForwardBuilder): ParamSpec[] {
  const g = new GraphBuilder('layout');
  const params = new InputParams(g);
  forward(g, params, noDropout);
  return params.specs;
}

export function countParameters(specs: readonly ParamSpec[]): number {
  return specs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
}
