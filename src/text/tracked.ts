/** A TrackedText as plain data (see toWire). */
export interface TrackedWire {
  readonly text: string;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

/**
 * Text that remembers where each of its characters came from (pure). Every UTF-16 unit of `text`
 * carries the half-open range [start, end) of the source text it stands for, so the spans of the
 * original text survive normalization ("$5.50" -> "five dollars and fifty cents": every character of
 * the words points at "$5.50"), sentence splitting and phonemization.
 *
 * Rules: characters a rewrite keeps keep their range; the text a rewrite puts in place of a match
 * stands for the whole match (one range, the union of the matched characters' ranges); text put in
 * place of an empty match stands for an empty range at that point.
 */
export class TrackedText {
  private constructor(
    readonly text: string,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
  ) {}

  /** A source text: character i stands for [i, i + 1). */
  static of(text: string): TrackedText {
    const starts = new Int32Array(text.length);
    const ends = new Int32Array(text.length);
    for (let i = 0; i < text.length; i++) {
      starts[i] = i;
      ends[i] = i + 1;
    }
    return new TrackedText(text, starts, ends);
  }

  /** `text`, every character standing for the one range [start, end). */
  static uniform(text: string, start: number, end: number): TrackedText {
    return new TrackedText(text, new Int32Array(text.length).fill(start), new Int32Array(text.length).fill(end));
  }

  /** Pieces joined in order, each keeping its own ranges. */
  static concat(parts: readonly TrackedText[]): TrackedText {
    const n = parts.reduce((k, p) => k + p.text.length, 0);
    const starts = new Int32Array(n);
    const ends = new Int32Array(n);
    let at = 0;
    for (const p of parts) {
      starts.set(p.starts, at);
      ends.set(p.ends, at);
      at += p.text.length;
    }
    return new TrackedText(parts.map((p) => p.text).join(''), starts, ends);
  }

  /** The text and its ranges as plain data that crosses a thread boundary (structured clone). */
  toWire(): TrackedWire {
    return { text: this.text, starts: this.starts, ends: this.ends };
  }

  static fromWire(w: TrackedWire): TrackedText {
    if (w.starts.length !== w.text.length || w.ends.length !== w.text.length) throw new Error('tracked text: ranges do not match the text');
    return new TrackedText(w.text, w.starts, w.ends);
  }

  get length(): number {
    return this.text.length;
  }

  /** The source range of character i. */
  rangeAt(i: number): readonly [number, number] {
    return [this.starts[i]!, this.ends[i]!];
  }

  /** The source range the characters [from, to) stand for together; empty at the boundary if from === to. */
  spanOf(from: number, to: number): readonly [number, number] {
    if (to <= from) {
      const at = from < this.length ? this.starts[from]! : this.length > 0 ? this.ends[this.length - 1]! : 0;
      return [at, at];
    }
    let s = Infinity;
    let e = -Infinity;
    for (let i = from; i < to; i++) {
      s = Math.min(s, this.starts[i]!);
      e = Math.max(e, this.ends[i]!);
    }
    return [s, e];
  }

  slice(from: number, to: number = this.length): TrackedText {
    return new TrackedText(this.text.slice(from, to), this.starts.slice(from, to), this.ends.slice(from, to));
  }

  trim(): TrackedText {
    const lead = this.text.length - this.text.trimStart().length;
    const kept = this.text.trim().length;
    return this.slice(lead, lead + kept);
  }

  /** Characters for which `keep` is true, with their ranges. */
  filter(keep: (ch: string) => boolean): TrackedText {
    const idx: number[] = [];
    let out = '';
    let i = 0;
    for (const ch of this.text) {
      if (keep(ch)) {
        out += ch;
        for (let k = 0; k < ch.length; k++) idx.push(i + k);
      }
      i += ch.length;
    }
    return new TrackedText(out, Int32Array.from(idx, (k) => this.starts[k]!), Int32Array.from(idx, (k) => this.ends[k]!));
  }

  /**
   * This text's ranges are positions in `map.text`; the same text with each range carried through
   * `map` to map's own source (a phoneme's range in a normalized sentence -> its range in the input).
   */
  through(map: TrackedText): TrackedText {
    const starts = new Int32Array(this.length);
    const ends = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const [s, e] = map.spanOf(this.starts[i]!, this.ends[i]!);
      starts[i] = s;
      ends[i] = e;
    }
    return new TrackedText(this.text, starts, ends);
  }

  /**
   * Like String.prototype.replace with a global regular expression (or the first match of a
   * non-global one) and a replacement function or a pattern with $1.., $&: the same text, tracked.
   */
  replace(re: RegExp, replacement: string | ((match: string, ...groups: string[]) => string)): TrackedText {
    const parts: TrackedText[] = [];
    let last = 0;
    const all = re.global ? [...this.text.matchAll(re)] : [re.exec(this.text)].filter((m): m is RegExpExecArray => m !== null);
    for (const m of all) {
      const from = m.index;
      const to = from + m[0].length;
      const groups = m.slice(1) as string[];
      const words = typeof replacement === 'string' ? expand(replacement, m[0], groups) : replacement(m[0], ...groups);
      if (words === m[0]) continue; // unchanged: keep the characters' own ranges
      parts.push(this.slice(last, from));
      const [s, e] = this.spanOf(from, to);
      parts.push(TrackedText.uniform(words, s, e));
      last = to;
    }
    if (parts.length === 0) return this;
    parts.push(this.slice(last));
    return TrackedText.concat(parts);
  }
}

/** $1..$9 and $& in a replacement pattern (the forms the normalizer uses). */
function expand(pattern: string, match: string, groups: readonly (string | undefined)[]): string {
  return pattern.replace(/\$(\d|&)/g, (_m, g: string) => (g === '&' ? match : groups[Number(g) - 1] ?? ''));
}

/** A string stage lifted from a tracked one, for callers and tests that only need the text. */
export function onText(stage: (t: TrackedText) => TrackedText): (s: string) => string {
  return (s) => stage(TrackedText.of(s)).text;
}

/** Like TrackedText.replace, for rewrites that need the match's position: `keep` and `words` see it in the untransformed text. */
export function replaceWhere(text: TrackedText, re: RegExp, keep: (source: string, index: number) => boolean, words: (m: RegExpMatchArray) => string): TrackedText {
  const decisions = [...text.text.matchAll(re)].map((m) => (keep(text.text, m.index) ? words(m) : m[0]));
  let k = 0;
  return text.replace(re, () => decisions[k++]!);
}
