/** Where a book run stands: after each chapter, and as audio is made within one. */
export interface BookProgress {
  /** 'reused': a chapter taken from the work folder; 'spoken': one just spoken; 'speaking': audio made in the one under way. */
  readonly event: 'reused' | 'spoken' | 'speaking';
  /** 1-based position, among the chapters asked for, of the chapter this is about. */
  readonly chapter: number;
  readonly total: number;
  /** Chapters finished, spoken or reused. */
  readonly done: number;
  /** Audio of that chapter (so far, while speaking), ms. */
  readonly chapterMs: number;
  /** Audio of the book made so far (finished chapters and the one under way), ms. */
  readonly audioMs: number;
  /** Audio this run spoke per second spent speaking it; null before any. */
  readonly realTime: number | null;
  /** Seconds left: the words not yet spoken at this run's measured words per second; null before a chapter was spoken. */
  readonly etaSeconds: number | null;
}

/** Counts a run's chapters, audio, words and time into BookProgress reports. */
export class ProgressMeter {
  spoken = 0;
  private done = 0;
  private bookMs = 0;
  private currentMs = 0;
  private current = -1;
  private startedAt = 0;
  private spokenMs = 0;
  private speakingMs = 0;
  private spokenWords = 0;
  private wordsLeft: number;

  /** `words`: each asked-for chapter's words, in order. */
  constructor(private readonly words: readonly number[], private readonly report: (p: BookProgress) => void, private readonly now: () => number = () => performance.now()) {
    this.wordsLeft = words.reduce((a, b) => a + b, 0);
  }

  /** Chapter `n` (0-based position) begins to be spoken. */
  start(n: number): void {
    this.current = n;
    this.currentMs = 0;
    this.startedAt = this.now();
  }

  /** `ms` more audio of the chapter under way. */
  audio(ms: number): void {
    this.currentMs += ms;
    this.report(this.state('speaking', this.current, this.currentMs));
  }

  /** Chapter `n` is finished: `ms` of audio, spoken now or found in the work folder. */
  finish(n: number, ms: number, reused: boolean): void {
    this.done++;
    this.bookMs += ms;
    this.wordsLeft -= this.words[n]!;
    if (!reused) {
      this.spoken++;
      this.spokenMs += ms;
      this.speakingMs += this.now() - this.startedAt;
      this.spokenWords += this.words[n]!;
    }
    this.current = -1;
    this.currentMs = 0;
    this.report(this.state(reused ? 'reused' : 'spoken', n, ms));
  }

  private state(event: BookProgress['event'], n: number, chapterMs: number): BookProgress {
    const underWay = this.current >= 0 ? this.now() - this.startedAt : 0;
    const wallMs = this.speakingMs + underWay;
    const wordsPerMs = this.speakingMs > 0 ? this.spokenWords / this.speakingMs : 0;
    return {
      event, chapter: n + 1, total: this.words.length, done: this.done, chapterMs,
      audioMs: this.bookMs + this.currentMs,
      realTime: wallMs > 0 ? (this.spokenMs + this.currentMs) / wallMs : null,
      etaSeconds: wordsPerMs > 0 ? Math.max(0, this.wordsLeft / wordsPerMs - underWay) / 1000 : null,
    };
  }
}

const minutes = (ms: number): string => `${(ms / 60_000).toFixed(1)} min`;

/** "m:ss", or "h:mm:ss" from an hour; "?:??" when not known yet. */
export function clock(seconds: number | null): string {
  if (seconds === null) return '?:??';
  const t = Math.round(seconds);
  const mm = Math.floor(t / 60) % 60;
  const ss = String(t % 60).padStart(2, '0');
  return t >= 3600 ? `${Math.floor(t / 3600)}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

const rate = (p: BookProgress): string => `${p.realTime === null ? '?' : p.realTime.toFixed(1)}x real time`;

/** The plain line for a finished chapter (a log, a pipe); none while a chapter is under way. */
export function chapterLine(p: BookProgress): string | null {
  if (p.event === 'reused') return `chapter ${p.chapter}/${p.total} already spoken (work folder), ${minutes(p.chapterMs)} of audio`;
  if (p.event === 'spoken') return `chapter ${p.chapter}/${p.total} done, ${minutes(p.chapterMs)} of audio, ${rate(p)}, ETA ${clock(p.etaSeconds)}`;
  return null;
}

/** The one status line a terminal shows, rewritten in place. */
export function statusLine(p: BookProgress): string {
  return `chapters ${p.done}/${p.total}, ${minutes(p.audioMs)} of audio, ${rate(p)}, ETA ${clock(p.etaSeconds)}`;
}

/** How often the terminal line is redrawn while a chapter is spoken, ms. */
const REDRAW_MS = 250;

/**
 * On a terminal one status line, rewritten as audio is made (at most every REDRAW_MS, and at each
 * finished chapter); elsewhere one plain line per finished chapter. `end` leaves the cursor on a new line.
 */
export function bookProgressPrinter(isTTY: boolean, write: (s: string) => void, now: () => number = Date.now): { update(p: BookProgress): void; end(): void } {
  let drawnAt = -Infinity;
  let drawn = false;
  return {
    update(p) {
      if (!isTTY) {
        const line = chapterLine(p);
        if (line !== null) write(`${line}\n`);
        return;
      }
      if (p.event === 'speaking' && now() - drawnAt < REDRAW_MS) return;
      drawnAt = now();
      drawn = true;
      write(`\r${statusLine(p)}\x1b[K`);
    },
    end() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
