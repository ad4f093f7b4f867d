/** Control over how text is spoken (README "Controlling speech"): through the CLI and serve, on the stand-ins. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, standinArgs, STANDIN_DURATIONS, tempDir } from './helpers';
import { serve, speech } from './serve-helpers';
import { applyLexicon, parseLexicon } from '../src/text/lexicon';
import { TrackedText } from '../src/text/tracked';
import { KokoroError } from '../src/util/errors';
import { ipaToKokoro } from '../src/text/ssml';
import { planText } from '../src/engine/text-plan';

const ARGS = standinArgs(STANDIN_DURATIONS);
const phonemesOf = async (text: string, extra: string[] = [], env?: Record<string, string>): Promise<string> => {
  const r = await runCli(['synth', text, ...ARGS, '--phonemes', ...extra], { env });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.toString().trim();
};
interface Word { text: string; charStart: number; charEnd: number; start: number; end: number; voice?: string }
const timed = async (text: string, extra: string[] = []): Promise<{ words: Word[]; stderr: string }> => {
  const dir = tempDir();
  const r = await runCli(['synth', text, ...ARGS, '-o', join(dir, 'o.wav'), '--timestamps', join(dir, 'o.json'), ...extra]);
  assert.equal(r.code, 0, r.stderr);
  return { words: (JSON.parse(readFileSync(join(dir, 'o.json'), 'utf8')) as { words: Word[] }).words, stderr: r.stderr };
};
/** A run that must fail with exit 2, one error line matching `msg`, and no output file. */
const refused = async (args: string[], msg: RegExp, env?: Record<string, string>): Promise<void> => {
  const dir = tempDir();
  const r = await runCli(['synth', ...args, ...ARGS, '-o', join(dir, 'o.wav')], { env });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr.split('\n')[0]!, msg);
  assert.equal(existsSync(join(dir, 'o.wav')), false, 'nothing written');
};

test('inline pronunciation [word](/phonemes/): the symbols are spoken for the word; a symbol outside the vocabulary is refused with its position', async () => {
  const plain = await phonemesOf('I like Zork a lot.');
  const pinned = await phonemesOf('I like [Zork](/kˈOkəɹO/) a lot.');
  assert.ok(!plain.includes('kˈOkəɹO'));
  assert.equal(pinned, plain.replace(/ \S+ (?=ɐ|ə|a)/u, ' kˈOkəɹO '), `${plain} -> ${pinned}`);
  assert.match(await phonemesOf("[Zork](/zˈɔɹk/)'s and [Kokoro](/kˈOkəɹO/)'s."), /^zˈɔɹks .* kˈOkəɹOz\.$/u, "an 's after it joins it as English says it");
  const { words } = await timed('I like [Zork](/kˈOkəɹO/) a lot.');
  assert.deepEqual(words.map((w) => w.text), ['I', 'like', 'Zork', 'a', 'lot'], 'the timing points at the written word');
  await refused(['I like [Zork](/kˈO5kə/) a lot.'], /"5" \(U\+0035\) at line 1, column 19 is not a Kokoro phoneme symbol/);
  await refused(['Hi [voice:] there'], /malformed speaker tag .* at line 1, column 4/);
});

test('user lexicon: TSV and JSON, before the G2P; case, possessive and plural rules; --phonemes shows it, --verbose counts it; flag, env and repeat', async () => {
  const dir = tempDir();
  const tsv = join(dir, 'words.tsv');
  writeFileSync(tsv, '# my words\nzork\tzˈɔɹk\nKokoro\tkˈOkəɹO\ten-us\n');
  const json = join(dir, 'words.json');
  writeFileSync(json, JSON.stringify({ 'en-us': { blorp: 'blˈɔɹp' }, zork: 'zˈʌk' }, null, 1));
  const base = await phonemesOf('Zork and Kokoro.');
  const withLex = await phonemesOf('Zork and Kokoro.', ['--lexicon', tsv]);
  assert.notEqual(withLex, base);
  assert.match(withLex, /^zˈɔɹk .* kˈOkəɹO\.$/u, 'a lowercase entry matches a capitalised word');
  assert.ok(!(await phonemesOf('kokoro.', ['--lexicon', tsv])).includes('kˈOkəɹO'), 'a capitalised entry matches only itself');
  assert.match(await phonemesOf("Zork's zorks Kokoros.", ['--lexicon', tsv]), /^zˈɔɹks zˈɔɹks kˈOkəɹOz\.$/u, 'possessive and plural: s after a voiceless sound, z after a voiced one');
  assert.match(await phonemesOf('Zork blorp.', ['--lexicon', tsv, '--lexicon', json]), /^zˈʌk blˈɔɹp\.$/u, 'repeated: the later file wins');
  assert.match(await phonemesOf('Zork.', [], { KOKORO_LEXICON: tsv }), /^zˈɔɹk\.$/u, 'KOKORO_LEXICON');
  const v = await runCli(['synth', 'Zork, zork and Kokoro.', ...ARGS, '-o', join(dir, 'v.wav'), '--lexicon', tsv, '--verbose']);
  assert.equal(v.code, 0, v.stderr);
  assert.match(v.stderr, /lexicon: 3 hit\(s\) \(2 entries\)/);
  const bad: [string, string, RegExp][] = [
    ['bad.tsv', 'zork\tzˈɔɹk\nno tab here\n', /bad\.tsv line 2: expected word<TAB>phonemes/],
    ['bad2.tsv', 'zork\tzˈɔɹk\nfoo\tf#o\n', /bad2\.tsv line 2: "#" in the phonemes of "foo" is not a Kokoro phoneme symbol/],
    ['bad.json', '{\n "zork": "zˈɔɹk",\n "foo" "x"\n}\n', /bad\.json line 3: not valid JSON/],
    ['bad2.json', '{\n "xx": {\n  "foo": "fˈu"\n }\n}\n', /bad2\.json line 2: unknown language "xx"/],
  ];
  for (const [name, content, msg] of bad) {
    writeFileSync(join(dir, name), content);
    await refused(['Hello.', '--lexicon', join(dir, name)], msg);
  }
});

test('lexicon rules (pure): words only, per language, timings point at the word', () => {
  const lex = parseLexicon('zork\tzˈɔɹk\nhola\tˈola\tes\n', 'x.tsv');
  const text = TrackedText.of('Zorkish zork, hola.');
  const { parts, hits } = applyLexicon(text, lex, 'a');
  assert.equal(hits, 1, 'a word, not a part of one; the Spanish entry not in English');
  const ph = parts.find((p) => p.kind === 'phonemes')!;
  assert.equal(text.text.slice(...ph.phonemes.spanOf(0, ph.phonemes.length)), 'zork');
  assert.equal(applyLexicon(text, lex, 'e').hits, 2, 'in Spanish: its own entry and the every-language one');
  assert.throws(() => parseLexicon('{"a": 3}', 'y.json'), (e: unknown) => e instanceof KokoroError && /y\.json line 1: "a" must map/.test(e.message));
});

test('--input phonemes: Kokoro symbols spoken as given, chunked at words, timings point into the input; a bad symbol refused', async () => {
  const input = 'hˈɛlO, wˈɜɹld. ðɪs ɪz ə tˈɛst.';
  assert.equal(await phonemesOf(input, ['--input', 'phonemes']), input);
  const { words } = await timed(input, ['--input', 'phonemes', '--chunk-tokens', '12']);
  assert.deepEqual(words.map((w) => w.text), ['hˈɛlO', 'wˈɜɹld', 'ðɪs', 'ɪz', 'ə', 'tˈɛst']);
  for (const w of words) assert.equal(input.slice(w.charStart, w.charEnd), w.text);
  for (let i = 1; i < words.length; i++) assert.ok(words[i]!.start >= words[i - 1]!.end - 1e-9, 'in order across chunks');
  await refused([input.replace('ðɪs', 'ðQ1s'), '--input', 'phonemes'], /"1" \(U\+0031\) at line 1, column 18/);
});

test('SSML: detected by <speak> or forced; say-as, sub, phoneme, break, prosody, voice; timings point into the SSML; malformed refused with line and column', async () => {
  const ssml = '<speak>Call <say-as interpret-as="characters">AB</say-as> at <say-as interpret-as="telephone">555-0123</say-as> on <say-as interpret-as="date" format="mdy">03/05/2024</say-as>. <sub alias="World Wide Web">WWW</sub> <phoneme alphabet="ipa" ph="kəˈkɔɹoʊ">Zork</phoneme>.</speak>';
  const ph = await phonemesOf(ssml);
  assert.equal(await phonemesOf(ssml.replace('<speak>', '').replace('</speak>', ''), ['--ssml']).catch(() => 'refused'), 'refused', 'forced SSML still needs its <speak> root');
  const words = await phonemesOf('Call ay, bee at five five five, zero one two three on March fifth, twenty twenty four. World Wide Web');
  assert.ok(ph.startsWith(words.replace(/\.$/u, '')), `${ph}\n${words}`);
  assert.ok(ph.endsWith('kəˈkɔɹO.'), ph);
  const { words: w } = await timed(ssml);
  const shown = w.map((x) => ssml.slice(x.charStart, x.charEnd));
  assert.deepEqual(w.map((x) => x.text), shown, 'each timing is the input text it points at');
  for (const t of ['AB', '555-0123', '03/05/2024', 'WWW', 'Zork']) assert.ok(shown.includes(t), `${t} in ${shown}`);
  const v = await timed('<speak>Hi <emphasis>there</emphasis>. <break time="700ms"/><prosody rate="1.5"><voice name="bf_emma">Bye now.</voice></prosody></speak>', ['--verbose']);
  assert.match(v.stderr, /<emphasis> is not in the subset/);
  assert.deepEqual(v.words.map((x) => [x.text, x.voice]), [['Hi', 'af_heart'], ['there', 'af_heart'], ['Bye', 'bf_emma'], ['now', 'bf_emma']]);
  assert.ok(v.words[2]!.start - v.words[1]!.end >= 0.7, 'the break');
  await refused(['<speak>Hi\n  <prosody rate="fast">x</speak>'], /^Error: malformed SSML at line 2, column \d+: /);
  await refused(['<speak>Hi <prosody rate="4">x</prosody></speak>'], /SSML at line 1, column 11: prosody rate "4" is out of range/);
  await refused(['<speak><say-as interpret-as="date" format="dmy">2024</say-as></speak>'], /does not match format "dmy"/);
  assert.equal(ipaToKokoro('ˈtʃeɪndʒ', 'a'), 'ˈʧAnʤ', 'IPA through the espeak map: affricates and diphthongs become Kokoro symbols');
});

test('speakers: [voice:x] switches mid-text into one file, each word carries its voice; an unknown voice is refused up front with the closest names', async () => {
  const text = 'This is Heart speaking, [voice:bf_emma] and this is Emma.';
  const { words } = await timed(text);
  const voices = ['af_heart', 'af_heart', 'af_heart', 'af_heart', 'bf_emma', 'bf_emma', 'bf_emma', 'bf_emma'];
  assert.deepEqual(words.map((w) => w.voice), voices);
  const sdir = tempDir();
  const st = await runCli(['synth', text, ...ARGS, '--stream', '-o', join(sdir, 's.wav'), '--timestamps', join(sdir, 's.jsonl')]);
  assert.equal(st.code, 0, st.stderr);
  const lines = readFileSync(join(sdir, 's.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { words: Word[] });
  assert.deepEqual(lines.flatMap((l) => l.words.map((w) => w.voice)), voices, 'streamed (one JSON line per chunk): the same voices');
  await refused(['Hi [voice:bf_emmma] there.'], /unknown voice "bf_emmma" in the text/);
  const dir = tempDir();
  const r = await runCli(['synth', 'Hi [voice:bf_emmma] there.', ...ARGS, '-o', join(dir, 'o.wav')]);
  assert.match(r.stderr, /did you mean bf_emma/);
  // A batch line names its own voice in a third column.
  const list = join(dir, 'lines.tsv');
  writeFileSync(list, 'Hello there.\tone\nGood day to you.\ttwo\tbf_emma\n');
  const out = join(dir, 'out');
  const b = await runCli(['synth', '-f', list, '--split-lines', '--names', '--out-dir', out, ...ARGS, '--timestamps']);
  assert.equal(b.code, 0, b.stderr);
  const voiceOf = (n: string): string[] => (JSON.parse(readFileSync(join(out, `${n}.json`), 'utf8')) as { words: Word[] }).words.map((w) => w.voice!);
  assert.deepEqual([...new Set(voiceOf('one'))], ['af_heart']);
  assert.deepEqual([...new Set(voiceOf('two'))], ['bf_emma']);
  writeFileSync(list, 'Hello there.\tone\nGood day.\ttwo\tbf_emmma\n');
  const bad = await runCli(['synth', '-f', list, '--split-lines', '--names', '--out-dir', join(dir, 'out2'), ...ARGS]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /line 2: unknown voice "bf_emmma"/);
  assert.equal(existsSync(join(dir, 'out2', 'one.wav')), false, 'refused before any line is spoken');
});

test('serve: markup, SSML (detected), input_type phonemes, --lexicon; bad markup and unknown tag voices are 400s naming the input', async () => {
  const dir = tempDir();
  const lex = join(dir, 'w.tsv');
  writeFileSync(lex, 'zork\tkˈOkəɹOkˈOkəɹO\n');
  const s = await serve(['--lexicon', lex], { model: STANDIN_DURATIONS });
  try {
    // The server's lexicon is the same setting as synth's: the same audio as synth --lexicon, not as without.
    const z = await speech(s.base, { input: 'Zork is here.' });
    assert.equal(z.status, 200, z.body.toString());
    for (const [flags, same] of [[['--lexicon', lex], true], [[], false]] as const) {
      const r = await runCli(['synth', 'Zork is here.', ...ARGS, '-o', join(dir, 'z.wav'), ...flags]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(readFileSync(join(dir, 'z.wav')).equals(z.body), same, `synth ${flags.join(' ')}`);
    }
    const ph = 'hˈɛlO wˈɜɹld.';
    const p = await speech(s.base, { input: ph, input_type: 'phonemes', timestamps: true });
    assert.equal(p.status, 200, p.body.toString());
    assert.deepEqual((JSON.parse(p.body.toString()) as { words: Word[] }).words.map((w) => w.text), ['hˈɛlO', 'wˈɜɹld']);
    const x = await speech(s.base, { input: '<speak>Hi <voice name="bf_emma">there</voice> <sub alias="friend">pal</sub>.</speak>', timestamps: true });
    assert.equal(x.status, 200, x.body.toString());
    assert.deepEqual((JSON.parse(x.body.toString()) as { words: Word[] }).words.map((w) => [w.text, w.voice]), [['Hi', 'af_heart'], ['there', 'bf_emma'], ['pal', 'af_heart']]);
    for (const [body, code, msg] of [
      [{ input: '<speak>Hi <b>x</speak>' }, 'invalid_markup', /malformed SSML at line 1, column \d+/],
      [{ input: 'Hi [voice:bf_emmma] x' }, 'voice_not_found', /unknown voice "bf_emmma"; did you mean bf_emma/],
      [{ input: 'hˈɛlO5', input_type: 'phonemes' }, 'invalid_markup', /"5" \(U\+0035\) at line 1, column 6/],
      [{ input: 'Hi', input_type: 'klingon' }, 'invalid_input_type', /input_type "klingon" is unknown/],
    ] as const) {
      const r = await speech(s.base, body);
      assert.equal(r.status, 400, r.body.toString());
      const e = (JSON.parse(r.body.toString()) as { error: { code: string; message: string } }).error;
      assert.equal(e.code, code);
      assert.match(e.message, msg);
    }
  } finally {
    assert.equal(await s.stop(), 0, s.stderr());
  }
});

test('SSML (pure): say-as reads in the request\'s language unless an element names another; prosody rate scales the speed', () => {
  const ssml = '<speak><say-as interpret-as="cardinal">12</say-as> <prosody rate="50%"><s>slow</s></prosody></speak>';
  const textOf = (p: ReturnType<typeof planText>): string[] => p.sentences.map((s) => s.parts.map((x) => (x.kind === 'text' ? x.text.text : x.phonemes.text)).join(' '));
  const en = planText(ssml, { voice: 'af_heart', speed: 1.2 });
  assert.deepEqual(textOf(en), ['twelve', 'slow']);
  assert.deepEqual(en.sentences.map((s) => s.voicing.speed), [1.2, 0.6]);
  const es = planText(ssml, { voice: 'ef_dora', speed: 1 });
  assert.ok(!textOf(es)[0]!.includes('twelve'), `Spanish reads its own numbers: ${textOf(es)[0]}`);
  const tagged = planText(ssml.replace('<say-as', '<say-as xml:lang="en-us"'), { voice: 'ef_dora', speed: 1 });
  assert.equal(textOf(tagged)[0], 'twelve');
});
