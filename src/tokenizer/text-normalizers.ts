/**
 * The simple normalizers of HF tokenizer.json files (Replace, Strip, StripAccents, Lowercase,
 * Prepend, the Unicode forms) and Precompiled, as T5, ALBERT and XLM-R files chain them in a
 * Sequence. Each keeps its JSON so a loaded tokenizer saves as it was read.
 */
import { PrecompiledCharsMap } from './precompiled-normalizer';
import { StageJson } from './stage-json';

type Normalize = (text: string) => string;
/** A normalizer stage (normalizers.ts's Normalizer, named structurally so the two files do not import each other). */
interface Stage {
  normalize: Normalize;
  toJSON(): object;
}

const UNICODE_FORMS = new Set(['NFC', 'NFD', 'NFKC', 'NFKD']);

/** The normalizer `json` names, or undefined when it is none of these. */
export function textNormalizerFromJSON(json: StageJson, readNested: (json: StageJson) => Stage | null): Stage | undefined {
  const normalize = normalizeFunction(json, readNested);
  return normalize && { normalize, toJSON: () => json };
}

function normalizeFunction(json: StageJson, readNested: (json: StageJson) => Stage | null): Normalize | undefined {
  if (UNICODE_FORMS.has(json.type)) return (text) => text.normalize(json.type as 'NFC');
  switch (json.type) {
    case 'Sequence': {
      if (!Array.isArray(json.normalizers)) throw new Error('Sequence normalizer needs a "normalizers" list');
      const stages = (json.normalizers as StageJson[]).map(readNested).filter((n): n is Stage => n !== null);
      return (text) => stages.reduce((t, stage) => stage.normalize(t), text);
    }
    case 'Precompiled': {
      // Some exports write a null charsmap for "no normalization".
      if (json.precompiled_charsmap === null || json.precompiled_charsmap === '') return (text) => text;
      if (typeof json.precompiled_charsmap !== 'string') throw new Error('Precompiled normalizer needs a base64 "precompiled_charsmap"');
      const map = PrecompiledCharsMap.fromBase64(json.precompiled_charsmap);
      return (text) => map.normalize(text);
    }
    case 'Replace': {
      const pattern = patternFromJSON(json.pattern, 'Replace normalizer');
      const content = typeof json.content === 'string' ? json.content : '';
      return (text) => text.replaceAll(pattern, () => content);
    }
    case 'Strip': {
      const [left, right] = [json.strip_left !== false, json.strip_right !== false];
      return (text) => (left && right ? text.trim() : left ? text.trimStart() : right ? text.trimEnd() : text);
    }
    case 'StripAccents':
      return (text) => text.replace(/\p{M}/gu, '');
    case 'Lowercase':
      return (text) => text.toLowerCase();
    case 'Prepend': {
      const prefix = typeof json.prepend === 'string' ? json.prepend : '';
      return (text) => (text.length > 0 ? prefix + text : text);
    }
    default:
      return undefined;
  }
}

/** `{"String": s}` (literal) or `{"Regex": r}`, as global patterns for replaceAll. */
export function patternFromJSON(pattern: unknown, where: string): string | RegExp {
  const p = pattern as { String?: unknown; Regex?: unknown } | null;
  if (p && typeof p.String === 'string') return p.String;
  if (p && typeof p.Regex === 'string') {
    // A quantified group inside a pattern can backtrack for ever on some texts: files from a
    // download must not be able to hang every prompt. Published files use plain patterns (" {2,}").
    if (/\)[*+?{]/.test(p.Regex)) throw new Error(`${where} pattern ${JSON.stringify(p.Regex).slice(0, 60)} repeats a group, which this implementation refuses (it could take forever)`);
    try {
      return new RegExp(p.Regex, 'gu');
    } catch {
      throw new Error(`${where} pattern ${JSON.stringify(p.Regex).slice(0, 60)} is not a regular expression this implementation reads`);
    }
  }
  throw new Error(`${where} needs a "pattern" of {"String": …} or {"Regex": …}`);
}
