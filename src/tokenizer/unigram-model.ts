/**
 * The Unigram subword model (sentencepiece; T5, ALBERT, XLNet, XLM-R): each piece has a log
 * probability, and a word is split into the pieces whose scores add up highest (Viterbi over the
 * lattice of vocabulary matches). Characters no piece covers become the unknown token, runs of
 * them fused into one, or their UTF-8 bytes `<0xNN>` when the model has byte fallback.
 */
import { InputError } from '../util/errors';
import { SubwordModel } from './subword-model';
import { Vocab } from './vocab';

export interface UnigramModelJson {
  type: 'Unigram';
  unk_id?: number | null;
  vocab: Array<[string, number]>;
  byte_fallback?: boolean;
}

/** HF and sentencepiece: the unknown token scores 10 below the least likely piece. */
const UNK_PENALTY = 10;

export class UnigramModel implements SubwordModel {
  /**
   * The pieces sorted by UTF-16 code units, with their ids: the pieces that start with a given
   * prefix are one range of it, narrowed by binary search as a match grows. A trie of objects
   * costs XLM-R's 250k pieces seconds and hundreds of MB; this costs a sort and two arrays.
   */
  private readonly sorted: string[];
  private readonly sortedIds: Int32Array;
  private readonly unkScore: number;
  private readonly byteIds: number[] | null;

  constructor(
    readonly vocab: Vocab,
    private readonly scores: Float64Array,
    private readonly unkId: number | null,
    private readonly byteFallback: boolean,
  ) {
    let min = Infinity;
    for (const s of scores) min = Math.min(min, s);
    this.unkScore = (scores.length > 0 ? min : 0) - UNK_PENALTY;
    const ids: number[] = [];
    for (let id = 0; id < scores.length; id++) {
      const piece = vocab.token(id);
      if (piece !== undefined && piece.length > 0) ids.push(id);
    }
    ids.sort((a, b) => compareUnits(vocab.token(a)!, vocab.token(b)!) || a - b);
    // The first id wins when a vocabulary lists the same string twice.
    const unique = ids.filter((id, i) => i === 0 || vocab.token(ids[i - 1]) !== vocab.token(id));
    this.sorted = unique.map((id) => vocab.token(id)!);
    this.sortedIds = Int32Array.from(unique);
    this.byteIds = byteFallback ? byteTokenIds(vocab) : null;
  }

  static fromJSON(json: UnigramModelJson): UnigramModel {
    const vocab = new Vocab();
    const scores = new Float64Array(json.vocab.length);
    json.vocab.forEach(([piece, score], id) => {
      vocab.set(piece, id);
      scores[id] = score;
    });
    const unkId = json.unk_id ?? null;
    if (unkId !== null && (unkId < 0 || unkId >= json.vocab.length)) throw new Error(`Unigram unk_id ${unkId} is not an id of its ${json.vocab.length}-piece vocabulary`);
    return new UnigramModel(vocab, scores, unkId, json.byte_fallback === true);
  }

  encodeWord(word: string, out: number[]): void {
    const n = word.length;
    if (n === 0) return;
    // best[i]: highest score of a segmentation of word[0…i); from[i]/idAt[i]: its last piece.
    const best = new Float64Array(n + 1).fill(-Infinity);
    const from = new Int32Array(n + 1).fill(-1);
    const idAt = new Int32Array(n + 1);
    best[0] = 0;
    for (let start = 0; start < n; start++) {
      if (best[start] === -Infinity) continue; // inside a surrogate pair
      const charEnd = start + (isSurrogatePair(word, start) ? 2 : 1);
      let coversChar = false;
      let lo = 0;
      let hi = this.sorted.length;
      for (let end = start + 1; end <= n && lo < hi; end++) {
        const depth = end - start - 1;
        const c = word.charCodeAt(end - 1);
        lo = this.firstFrom(lo, hi, depth, c);
        hi = this.firstFrom(lo, hi, depth, c + 1);
        // The shortest string of the range sorts first: it is the match itself when it exists.
        if (lo < hi && this.sorted[lo].length === depth + 1) {
          if (end === charEnd) coversChar = true;
          const id = this.sortedIds[lo];
          this.relax(best, from, idAt, start, end, this.scores[id], id);
        }
      }
      // Only a character no piece of its own covers may become unknown (as HF and sentencepiece).
      if (!coversChar) this.relax(best, from, idAt, start, charEnd, this.unkScore, -1);
    }
    const pieces: Array<[number, number, number]> = [];
    for (let end = n; end > 0; end = from[end]) pieces.push([from[end], end, idAt[end]]);
    pieces.reverse();
    for (let i = 0; i < pieces.length; i++) {
      const [start, end, id] = pieces[i];
      if (id >= 0) {
        out.push(id);
        continue;
      }
      let runEnd = end;
      while (i + 1 < pieces.length && pieces[i + 1][2] < 0) runEnd = pieces[++i][1];
      this.pushUnknown(word.slice(start, runEnd), out);
    }
  }

  toJSON(): object {
    const vocab: Array<[string, number]> = [];
    for (let id = 0; id < this.scores.length; id++) vocab.push([this.vocab.token(id) ?? '', this.scores[id]]);
    return { type: 'Unigram', unk_id: this.unkId, vocab, byte_fallback: this.byteFallback };
  }

  /** A piece [start, end) improves the best path to `end` only when strictly better (first wins ties, as in HF). */
  private relax(best: Float64Array, from: Int32Array, idAt: Int32Array, start: number, end: number, score: number, id: number): void {
    const candidate = best[start] + score;
    if (from[end] < 0 || candidate > best[end]) {
      best[end] = candidate;
      from[end] = start;
      idAt[end] = id;
    }
  }

  /** A run of uncovered characters: its bytes when every byte has a token, else one unknown token. */
  private pushUnknown(text: string, out: number[]): void {
    if (this.byteIds !== null) {
      const bytes = Buffer.from(text, 'utf8');
      if (bytes.every((b) => this.byteIds![b] >= 0)) {
        for (const b of bytes) out.push(this.byteIds[b]);
        return;
      }
    }
    // As HF: a model without an unknown token cannot encode such text; the file is at fault, not the text.
    if (this.unkId === null) throw new InputError(`the tokenizer's Unigram model has no unk_id, and none of its pieces covers ${JSON.stringify(text.slice(0, 20))}; use a tokenizer.json with an unknown token`);
    out.push(this.unkId);
  }

  /** First index in [lo, hi) whose piece has a code unit ≥ `c` at `depth` (all share the prefix before it). */
  private firstFrom(lo: number, hi: number, depth: number, c: number): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const piece = this.sorted[mid];
      // A piece that ends before `depth` sorts before every longer one.
      if (piece.length <= depth || piece.charCodeAt(depth) < c) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const compareUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const isSurrogatePair = (text: string, i: number) => {
  const high = text.charCodeAt(i);
  const low = text.charCodeAt(i + 1);
  return high >= 0xd800 && high < 0xdc00 && low >= 0xdc00 && low < 0xe000;
};

/** Ids of `<0x00>` … `<0xFF>` (-1 where missing). */
function byteTokenIds(vocab: Vocab): number[] {
  return Array.from({ length: 256 }, (_, b) => vocab.id(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`) ?? -1);
}
