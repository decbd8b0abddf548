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
  const weights = Array.from({ length: heads }, (_, h) =>
    Array.from({ length: q }, (_, i) => Array.from(data.subarray((h * q + i) * k, (h * q + i + 1) * k), (x) => Math.round(x * scale) / scale)),
  );
  return { kind, layer, weights };
}
