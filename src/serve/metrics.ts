/**
 * A small metrics registry rendered in the Prometheus text exposition format (version 0.0.4):
 * counters and gauges with labels, histograms with cumulative buckets, `_sum` and `_count`.
 */

type Labels = Readonly<Record<string, string>>;

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels);
  if (extra) pairs.push(extra);
  if (pairs.length === 0) return '';
  const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${pairs.map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;
}

function num(v: number): string {
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return Number.isNaN(v) ? 'NaN' : String(v);
}

interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'gauge' | 'histogram';
  lines(): string[];
}

/** A value per label set, keyed by the labels' text. */
abstract class Series implements Metric {
  protected readonly values = new Map<string, { labels: Labels; value: number }>();
  abstract readonly type: 'counter' | 'gauge';
  constructor(readonly name: string, readonly help: string) {}
  protected slot(labels: Labels): { labels: Labels; value: number } {
    const k = labelText(labels);
    let s = this.values.get(k);
    if (!s) this.values.set(k, (s = { labels, value: 0 }));
    return s;
  }
  get(labels: Labels = {}): number {
    return this.values.get(labelText(labels))?.value ?? 0;
  }
  lines(): string[] {
    return [...this.values.values()].map((s) => `${this.name}${labelText(s.labels)} ${num(s.value)}`);
  }
}

export class Counter extends Series {
  readonly type = 'counter';
  /** `read`: a counter kept elsewhere (e.g. the phoneme cache's), read when scraped. */
  constructor(name: string, help: string, private readonly read?: () => number) {
    super(name, help);
  }
  override lines(): string[] {
    if (this.read) this.slot({}).value = this.read();
    return super.lines();
  }
  inc(labels: Labels = {}, by = 1): void {
    if (by < 0) throw new Error('internal: a counter only goes up');
    this.slot(labels).value += by;
  }
}

export class Gauge extends Series {
  readonly type = 'gauge';
  constructor(name: string, help: string, private readonly read?: () => number) {
    super(name, help);
  }
  set(value: number, labels: Labels = {}): void {
    this.slot(labels).value = value;
  }
  override lines(): string[] {
    if (this.read) this.set(this.read());
    return super.lines();
  }
}

export class Histogram implements Metric {
  readonly type = 'histogram';
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]!) this.counts[i]!++;
  }
  get observations(): number {
    return this.count;
  }
  lines(): string[] {
    return [
      ...this.buckets.map((b, i) => `${this.name}_bucket${labelText({}, ['le', num(b)])} ${this.counts[i]}`),
      `${this.name}_bucket{le="+Inf"} ${this.count}`,
      `${this.name}_sum ${num(this.sum)}`,
      `${this.name}_count ${this.count}`,
    ];
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];
  add<M extends Metric>(m: M): M {
    if (this.metrics.some((x) => x.name === m.name)) throw new Error(`internal: metric ${m.name} registered twice`);
    this.metrics.push(m);
    return m;
  }
  /** The exposition text (Content-Type: text/plain; version=0.0.4). */
  render(): string {
    return this.metrics.map((m) => [`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.lines()].join('\n')).join('\n') + '\n';
  }
}

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** Latency buckets in seconds, from a stand-in's milliseconds to a long text's minute. */
const SECONDS_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The server's metrics. `queued` and `inFlight` are read when scraped. */
export function serverMetrics(read: {
  queued: () => number;
  inFlight: () => number;
  workers: () => number;
  /** The engine host's shared phoneme cache (zeros before the host is up). */
  phonemeCache: () => { hits: number; misses: number; size: number };
}): ServerMetrics {
  const r = new Registry();
  const m: ServerMetrics = {
    registry: r,
    requests: r.add(new Counter('kokoro_http_requests_total', 'HTTP requests answered, by route and status')),
    queueDepth: r.add(new Gauge('kokoro_queue_depth', 'speech requests waiting for a free engine worker', read.queued)),
    inFlight: r.add(new Gauge('kokoro_requests_in_flight', 'speech requests admitted and not yet answered (synthesizing or waiting)', read.inFlight)),
    workers: r.add(new Gauge('kokoro_engine_workers', 'engine worker threads running', read.workers)),
    rejected: r.add(new Counter('kokoro_rejected_total', 'speech requests refused because the queue was full or the server was draining, by reason')),
    cancelled: r.add(new Counter('kokoro_cancelled_total', 'speech requests whose client went away before the answer was complete')),
    synthesisSeconds: r.add(new Histogram('kokoro_synthesis_seconds', 'wall time of a speech request from admission to its last byte', SECONDS_BUCKETS)),
    audioSeconds: r.add(new Counter('kokoro_audio_seconds_total', 'seconds of audio sent')),
    firstAudio: r.add(new Histogram('kokoro_time_to_first_audio_seconds', 'from admission to the first audio chunk made', SECONDS_BUCKETS)),
    wyomingRequests: r.add(new Counter('kokoro_wyoming_requests_total', 'Wyoming requests taken, by kind (describe, synthesize, stream)')),
    wyomingErrors: r.add(new Counter('kokoro_wyoming_errors_total', 'Wyoming error events sent, by code')),
    wyomingFirstAudio: r.add(new Histogram('kokoro_wyoming_time_to_first_audio_seconds', 'Wyoming: from admission (a stream: its first complete sentence) to the first audio chunk sent', SECONDS_BUCKETS)),
  };
  r.add(new Counter('kokoro_phoneme_cache_hits_total', 'sentences whose phonemes came from the shared cache', () => read.phonemeCache().hits));
  r.add(new Counter('kokoro_phoneme_cache_misses_total', 'sentences phonemized (not in the shared cache)', () => read.phonemeCache().misses));
  r.add(new Gauge('kokoro_phoneme_cache_entries', 'sentences held in the shared phoneme cache', () => read.phonemeCache().size));
  r.add(new Gauge('process_resident_memory_bytes', 'resident memory of the server process (all threads)', () => process.memoryUsage.rss()));
  r.add(new Gauge('kokoro_http_thread_heap_bytes', 'JavaScript heap in use on the HTTP thread', () => process.memoryUsage().heapUsed));
  r.add(new Gauge('kokoro_http_thread_buffers_bytes', 'ArrayBuffers and Buffers held by the HTTP thread (audio being sent)', () => process.memoryUsage().arrayBuffers));
  // Unlabelled counters are shown from the start, at 0.
  m.cancelled.inc({}, 0);
  m.audioSeconds.inc({}, 0);
  return m;
}

export interface ServerMetrics {
  readonly registry: Registry;
  readonly requests: Counter;
  readonly queueDepth: Gauge;
  readonly inFlight: Gauge;
  readonly workers: Gauge;
  readonly rejected: Counter;
  readonly cancelled: Counter;
  readonly synthesisSeconds: Histogram;
  readonly audioSeconds: Counter;
  readonly firstAudio: Histogram;
  readonly wyomingRequests: Counter;
  readonly wyomingErrors: Counter;
  readonly wyomingFirstAudio: Histogram;
}
