/**
 * How the index finds a file's units: pair mining's (src/data/pairs), for the files whose names
 * it reads. Injected into WorkspaceIndex so tests can use a stand-in.
 */
import { languageOfPath, mineUnits } from '../data/pairs';
import type { CodeUnit, PairLanguage } from '../data/pairs/types';

/** The units of one file; `file` is relative to the root. */
export type UnitMiner = (file: string, text: string, language: PairLanguage) => CodeUnit[];

export const defaultUnitMiner: UnitMiner = mineUnits;

/** The language a file is mined as, or undefined for files search does not index. */
export const searchableLanguage = languageOfPath;
