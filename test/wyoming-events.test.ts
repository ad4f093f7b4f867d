import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeEvent, EventReader, isFrameError, type FrameError, type WyomingEvent } from '../src/serve/wyoming-events';

const LIMITS = { headerBytes: 256, dataBytes: 1024, payloadBytes: 4096 };

function readAll(bytes: Buffer, step: number): (WyomingEvent | FrameError)[] {
  const r = new EventReader(LIMITS);
  const out: (WyomingEvent | FrameError)[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(...r.push(bytes.subarray(i, i + step)));
  return out;
}

test('events read back whatever the bytes are split into: header, data merged over inline data, payload', () => {
  const payload = new Uint8Array([1, 2, 3, 250, 251]);
  const inline = Buffer.from(`${JSON.stringify({ type: 'synthesize', data: { text: 'inline', keep: 1 }, data_length: 17 })}\n{"text":"merged"}`);
  const bytes = Buffer.concat([encodeEvent('describe'), encodeEvent('audio-chunk', { rate: 24000, width: 2, channels: 1 }, payload), inline, encodeEvent('synthesize-chunk', { text: 'héllo ✓' })]);
  for (const step of [1, 2, 5, 64, bytes.length]) {
    const got = readAll(bytes, step);
    assert.equal(got.length, 4, `step ${step}`);
    const [a, b, c, d] = got as WyomingEvent[];
    assert.deepEqual([a!.type, a!.data, a!.payload], ['describe', {}, null]);
    assert.deepEqual([b!.type, b!.data, [...b!.payload!]], ['audio-chunk', { rate: 24000, width: 2, channels: 1 }, [...payload]]);
    assert.deepEqual(c!.data, { text: 'merged', keep: 1 });
    assert.equal(d!.data.text, 'héllo ✓');
  }
});

test('a bad or oversized frame is an error, skipped, and the next event still reads', () => {
  const next = encodeEvent('describe');
  const cases: [Buffer, FrameError['code']][] = [
    [Buffer.from('not json\n'), 'bad-header'],
    [Buffer.from('{"data": {}}\n'), 'bad-header'],
    [Buffer.from('{"type": "x", "data_length": -1}\n'), 'bad-header'],
    [Buffer.from(`{"type": "x", "pad": "${'p'.repeat(400)}"}\n`), 'too-large'],
    [Buffer.concat([Buffer.from('{"type": "x", "payload_length": 5000}\n'), Buffer.alloc(5000)]), 'too-large'],
    [Buffer.from('{"type": "x", "data_length": 3}\n[1]'), 'bad-data'],
  ];
  for (const [bad, code] of cases) {
    for (const step of [1, 7, 10_000]) {
      const got = readAll(Buffer.concat([bad, next]), step);
      assert.equal(got.length, 2, `${code} step ${step}: ${JSON.stringify(got)}`);
      assert.ok(isFrameError(got[0]!) && got[0].code === code, `${bad.subarray(0, 40).toString()}: ${JSON.stringify(got[0])}`);
      assert.equal((got[1] as WyomingEvent).type, 'describe');
    }
  }
});
