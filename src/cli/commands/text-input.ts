/**
 * The text a prompting command reads: given inline (`--text`, `--prompt`) or, for text too long
 * or awkward for a command line, from a file (`--text-file`, `--prompt-file`). Exactly one.
 */
import { InputError, UsageError } from '../errors';
import { readRegularText } from '../../util/regular-file';

/** Longest text file read: far above any model's context, far below what would strain memory. */
const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

/** `--<name>` or `--<name>-file`, exactly one of them; an empty text is refused. */
export function textInput(command: string, name: string, inline: string | undefined, file: string | undefined): string {
  if ((inline === undefined) === (file === undefined)) {
    throw new UsageError(`pretrain-lab ${command}: give --${name} or --${name}-file (one of them); see 'pretrain-lab ${command} --help'`);
  }
  const text = inline ?? readRegularText(file!, { maxBytes: MAX_TEXT_FILE_BYTES });
  if (text.trim() === '') throw new InputError(`${command}: ${inline !== undefined ? `--${name}` : file} is empty; give some text`);
  return text;
}
