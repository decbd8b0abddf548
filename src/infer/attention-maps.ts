/**
 * Attention maps as data: per layer and head, the weights from each query token to each key
 * token. Shared by the CLI (`attention`), the HTML export and the attention explorer panel.
 */
import type { TensorData } from '../graph';

export type AttentionKind = 'self' | 'causal' | 'cross';

export interface AttentionMap {
  kind: AttentionKind;
  layer: number;
  /** weights[head][query][key]; each row sums to 1. */
  weights: number[][][];
}

/** Where a token lies in the text, as editors number it (1-based line and column). */
export interface TokenPosition {
  line: number;
  column: number;
}

export interface AttentionReport {
  model: string;
  text: string;
  queryTokens: string[];
  /** Key tokens of cross attention are the encoder's; otherwise the same as queryTokens. */
  keyTokens: string[];
  maps: AttentionMap[];
  /**
   * Encoder-decoders attend over two texts: per kind, the tokens along each axis
   * (self: encoder × encoder, causal: decoder × decoder, cross: decoder × encoder).
   * Absent for single-stack models, whose kinds all use queryTokens/keyTokens.
   */
  tokensByKind?: Partial<Record<AttentionKind, { query: string[]; key: string[] }>>;
  /**
   * Per query token of a single-stack model (its keys are the same tokens), where it lies in the
   * text; null for special tokens. Present for families that read the layout (LayoutLM).
   */
  tokenPositions?: (TokenPosition | null)[];
}

/** The query and key tokens of one kind of map in a report. */
export function tokensFor(report: AttentionReport, kind: AttentionKind): { query: string[]; key: string[] } {
  const own = report.tokensByKind?.[kind];
  if (own) return own;
  return { query: report.queryTokens, key: kind === 'cross' ? report.keyTokens : report.queryTokens };
}

/** Splits one ORT output (1, H, Tq, Tk) into per-head rows, rounded to keep files small. */
export function toAttentionMap(kind: AttentionKind, layer: number, t: TensorData, digits = 5): AttentionMap {
  const [batch, heads, q, k] = t.shape;
  if (batch !== 1) throw new Error(`attention maps are drawn for one text at a time, got a batch of ${batch}`);
  const data = t.data as Float32Array;
  const scale = 10 ** digits;
  // Plain indexed loops: the explorer's 256-token view converts ~1M values, and
  // Array.from with a mapping callback was most of its 50 ms budget.
  const weights: number[][][] = new Array(heads);
  for (let h = 0; h < heads; h++) {
    const rows: number[][] = new Array(q);
    for (let i = 0; i < q; i++) {
      const offset = (h * q + i) * k;
      const row: number[] = new Array(k);
      for (let j = 0; j < k; j++) row[j] = Math.round(data[offset + j] * scale) / scale;
      rows[i] = row;
    }
    weights[h] = rows;
  }
  return { kind, layer, weights };
}
