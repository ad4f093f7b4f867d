/**
 * Wyoming protocol framing (as the `wyoming` Python package defines it): an event is one JSON header
 * line `{"type", "data"?, "data_length"?, "payload_length"?, "version"?}` and '\n', then
 * `data_length` bytes of JSON merged over the header's `data`, then `payload_length` bytes of
 * payload (audio). Pure: bytes in, events or framing errors out.
 */

/** The `wyoming` package release whose event definitions these follow (sent as each header's `version`). */
export const WYOMING_VERSION = '1.10.2';

export interface WyomingEvent {
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly payload: Buffer | null;
}

/** A frame that could not be read; the reader has skipped past it, so the connection stays usable. */
export interface FrameError {
  readonly error: string;
  readonly code: 'bad-header' | 'bad-data' | 'too-large';
}

export interface FrameLimits {
  /** Longest header line, in bytes. */
  readonly headerBytes: number;
  readonly dataBytes: number;
  readonly payloadBytes: number;
}

/** One event's bytes. */
export function encodeEvent(type: string, data?: Readonly<Record<string, unknown>>, payload?: Uint8Array): Buffer {
  const header: Record<string, unknown> = { type, version: WYOMING_VERSION };
  const dataBytes = data && Object.keys(data).length > 0 ? Buffer.from(JSON.stringify(data), 'utf8') : null;
  if (dataBytes) header.data_length = dataBytes.length;
  if (payload && payload.length > 0) header.payload_length = payload.length;
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`, 'utf8')];
  if (dataBytes) parts.push(dataBytes);
  if (payload && payload.length > 0) parts.push(Buffer.from(payload.buffer, payload.byteOffset, payload.length));
  return Buffer.concat(parts);
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isLength = (v: unknown): v is number | undefined | null => v === undefined || v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

type Stage =
  | { readonly kind: 'header' }
  /** Discarding the rest of an overlong header line. */
  | { readonly kind: 'skip-line' }
  | { readonly kind: 'body'; readonly type: string; readonly data: Record<string, unknown>; readonly dataLength: number; readonly payloadLength: number }
  /** Discarding a body too large to take, then reporting it. */
  | { readonly kind: 'skip-bytes'; left: number; readonly error: FrameError };

/**
 * Reads events from a byte stream incrementally: `push` bytes as they come and get the events (and
 * framing errors) they complete. Never holds more than the limits allow.
 */
export class EventReader {
  private buf: Buffer = Buffer.alloc(0);
  private stage: Stage = { kind: 'header' };

  constructor(private readonly limits: FrameLimits) {}

  push(bytes: Buffer): (WyomingEvent | FrameError)[] {
    this.buf = this.buf.length === 0 ? bytes : Buffer.concat([this.buf, bytes]);
    const out: (WyomingEvent | FrameError)[] = [];
    for (;;) {
      const got = this.step();
      if (got === null) return out;
      if (got !== 'more') out.push(got);
    }
  }

  /** One step: an event or error, 'more' (progress, nothing to report), or null (needs more bytes). */
  private step(): WyomingEvent | FrameError | 'more' | null {
    const s = this.stage;
    if (s.kind === 'skip-bytes') {
      const n = Math.min(s.left, this.buf.length);
      this.buf = this.buf.subarray(n);
      s.left -= n;
      if (s.left > 0) return null;
      this.stage = { kind: 'header' };
      return s.error;
    }
    if (s.kind === 'header' || s.kind === 'skip-line') {
      const nl = this.buf.indexOf(0x0a);
      if (nl < 0) {
        if (s.kind === 'skip-line') this.buf = Buffer.alloc(0);
        else if (this.buf.length > this.limits.headerBytes) {
          this.buf = Buffer.alloc(0);
          this.stage = { kind: 'skip-line' };
          return { error: `an event header is over ${this.limits.headerBytes} bytes`, code: 'too-large' };
        }
        return null;
      }
      const line = this.buf.subarray(0, nl);
      this.buf = this.buf.subarray(nl + 1);
      if (s.kind === 'skip-line') {
        this.stage = { kind: 'header' };
        return 'more';
      }
      if (line.length > this.limits.headerBytes) return { error: `an event header is over ${this.limits.headerBytes} bytes`, code: 'too-large' };
      if (line.toString('utf8').trim() === '') return 'more';
      return this.header(line);
    }
    if (this.buf.length < s.dataLength + s.payloadLength) return null;
    const dataBytes = this.buf.subarray(0, s.dataLength);
    const payload = s.payloadLength > 0 ? Buffer.from(this.buf.subarray(s.dataLength, s.dataLength + s.payloadLength)) : null;
    this.buf = this.buf.subarray(s.dataLength + s.payloadLength);
    this.stage = { kind: 'header' };
    let data = s.data;
    if (s.dataLength > 0) {
      let extra: unknown;
      try {
        extra = JSON.parse(dataBytes.toString('utf8'));
      } catch {
        return { error: `the data of a "${s.type}" event is not valid JSON`, code: 'bad-data' };
      }
      if (!isObject(extra)) return { error: `the data of a "${s.type}" event is not a JSON object`, code: 'bad-data' };
      data = { ...data, ...extra };
    }
    return { type: s.type, data, payload };
  }

  private header(line: Buffer): FrameError | 'more' {
    let h: unknown;
    try {
      h = JSON.parse(line.toString('utf8'));
    } catch {
      return { error: 'an event header is not valid JSON', code: 'bad-header' };
    }
    if (!isObject(h) || typeof h.type !== 'string' || h.type === '') return { error: 'an event header needs a "type" string', code: 'bad-header' };
    if (!isLength(h.data_length) || !isLength(h.payload_length)) return { error: 'data_length and payload_length must be whole numbers of bytes', code: 'bad-header' };
    if (h.data !== undefined && h.data !== null && !isObject(h.data)) return { error: 'an event header\'s "data" must be a JSON object', code: 'bad-header' };
    const dataLength = h.data_length ?? 0;
    const payloadLength = h.payload_length ?? 0;
    if (dataLength > this.limits.dataBytes || payloadLength > this.limits.payloadBytes) {
      const what = dataLength > this.limits.dataBytes ? `data of ${dataLength} bytes (at most ${this.limits.dataBytes})` : `a payload of ${payloadLength} bytes (at most ${this.limits.payloadBytes})`;
      this.stage = { kind: 'skip-bytes', left: dataLength + payloadLength, error: { error: `a "${h.type}" event has ${what}`, code: 'too-large' } };
      return 'more';
    }
    this.stage = { kind: 'body', type: h.type, data: isObject(h.data) ? h.data : {}, dataLength, payloadLength };
    return 'more';
  }
}

export function isFrameError(x: WyomingEvent | FrameError): x is FrameError {
  return 'error' in x;
}
