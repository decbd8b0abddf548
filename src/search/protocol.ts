/**
 * The contract between semantic code search's core (src/search/: the index, BM25, hybrid
 * ranking, `pretrain-lab search`) and the extension (*Search Workspace by Meaning…*, *Find
 * Similar Code*, the side-bar view). Plain data only: the webview and jobs may import it.
 */
import type { CodeUnit } from '../data/pairs/types';

/** How a hit's score was made: the cosine of the encoder's embeddings and BM25 over the same units. */
export interface HitScores {
  /** Final score the hits are ranked by. */
  score: number;
  /** Cosine similarity of query and unit embeddings (−1…1); absent in BM25-only search. */
  cosine?: number;
  /** Raw BM25 score; absent in encoder-only search. */
  bm25?: number;
}

export interface SearchHit extends HitScores {
  unit: Omit<CodeUnit, 'code'> & { /** First lines of the unit, for the result list. */ preview: string };
}

/** bm25: lexical only; encoder: embeddings only; hybrid: both, combined with `weight`. */
export type SearchMode = 'bm25' | 'encoder' | 'hybrid';

/**
 * The encoder's share of a hybrid score by default. bench/search (bench/results/search-quality.md)
 * chose 0.3 and 0.1 on held-apart validation queries of two code bases; 0.5 fell below BM25 alone on both.
 */
export const DEFAULT_ENCODER_WEIGHT = 0.3;

export interface SearchOptions {
  mode?: SearchMode;
  /** Hits returned (default 10). */
  k?: number;
  /**
   * Hybrid: the encoder's share in [0, 1] of the combined score (the rest is BM25's); both
   * scores are normalised over the candidates first. Shown to the user with the results.
   */
  encoderWeight?: number;
}

/** What an index build or update did, for progress messages and the extension-host test. */
export interface IndexUpdate {
  /** Files (re)embedded in this update, relative to the root. */
  filesIndexed: string[];
  /** Files dropped because they were deleted or are now ignored. */
  filesRemoved: string[];
  units: number;
  /** True when the stored index was unreadable and was rebuilt from scratch (said to the user). */
  rebuiltAfterCorruption: boolean;
  /** Set when corruption caused the rebuild: the one-line reason. */
  corruptionReason?: string;
  seconds: number;
}

/** Summary of an index as stored. */
export interface IndexInfo {
  root: string;
  /** The encoder folder its vectors come from. */
  model: string;
  files: number;
  units: number;
  dim: number;
}
