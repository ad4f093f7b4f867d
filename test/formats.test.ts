import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIO_FORMATS, audioFormatOf, describeFormats } from '../src/audio/formats';
import { ENCODED_FORMATS } from '../src/audio/encode';
import { parseFormat } from '../src/cli/parse';
import { SERVED_FORMATS } from '../src/serve/request';
import { parseBatchLines } from '../src/batch/lines';

test('one list of audio formats: the CLI, the server and batch names all derive from it', () => {
  assert.deepEqual(AUDIO_FORMATS, ['wav', 'pcm', 'mp3', 'opus']);
  for (const f of ENCODED_FORMATS) assert.ok(AUDIO_FORMATS.includes(f), `${f} is written by an encoder, so it is a format`);
  // The server lists the same formats, the compressed ones first (OpenAI's order).
  assert.deepEqual(SERVED_FORMATS, ['mp3', 'opus', 'wav', 'pcm']);
  assert.deepEqual([...SERVED_FORMATS].sort(), [...AUDIO_FORMATS].sort());
  for (const f of AUDIO_FORMATS) {
    assert.equal(audioFormatOf(f), f);
    assert.equal(parseFormat(f), f);
  }
  assert.equal(audioFormatOf('flac'), undefined);
  assert.equal(audioFormatOf('WAV'), undefined, 'names are exact, as commander checks them');
  assert.throws(() => parseFormat('flac'), /^KokoroError: --format must be one of wav, pcm, mp3, opus, not "flac"$|--format must be one of wav, pcm, mp3, opus, not "flac"/);
  assert.equal(describeFormats(), 'wav, pcm (raw 16-bit little-endian mono, 24 kHz), mp3 (48 kbit/s) or opus (Ogg Opus, 32 kbit/s)');
  // A name column's extension is dropped for every format, and only for formats.
  const items = parseBatchLines(AUDIO_FORMATS.map((f, i) => `line ${i}\tn${i}.${f}`).concat('last\tn9.flac').join('\n'), true);
  assert.deepEqual(items.map((i) => i.name), ['n0', 'n1', 'n2', 'n3', 'n9.flac']);
});
