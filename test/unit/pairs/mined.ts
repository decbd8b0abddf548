/** Test helpers for pair mining: a file's units in a compact, assertable shape. */
import assert from 'node:assert/strict';
import { mineUnits, pairsOfUnits, type CodeUnit, type PairLanguage } from '../../../src/data/pairs';

export interface Seen {
  kind: CodeUnit['kind'];
  name: string;
  lines: [number, number];
  doc?: string;
  docKind?: CodeUnit['docKind'];
}

export function unitsOf(file: string, text: string, language: PairLanguage): Seen[] {
  return mineUnits(file, text, language).map((u) => ({
    kind: u.kind,
    name: u.name,
    lines: [u.startLine, u.endLine],
    ...(u.doc !== undefined ? { doc: u.doc, docKind: u.docKind } : {}),
  }));
}

/** The unit named `name` (of `kind` when given); fails when there is none. */
export function unitNamed(units: readonly Seen[], name: string, kind?: CodeUnit['kind']): Seen {
  const unit = units.find((u) => u.name === name && (kind === undefined || u.kind === kind));
  assert.ok(unit, `no unit ${name}${kind ? ` (${kind})` : ''} in ${JSON.stringify(units.map((u) => `${u.kind} ${u.name}`))}`);
  return unit;
}

export function pairsOf(file: string, text: string, language: PairLanguage) {
  return pairsOfUnits(mineUnits(file, text, language));
}
