import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { englishMisakiFrontEnd, misakiSentenceWords, trackWords } from '../src/text/lang/english-misaki';
import { englishFrontEnd } from '../src/text/lang/english';
import { withG2p } from '../src/text/lang/g2p';
import { lexiconData, SortedWords } from '../src/text/lang/misaki/data';
import { MisakiLexicon, NO_CONTEXT } from '../src/text/lang/misaki/lexicon';
import { applyStress, stressWeight } from '../src/text/lang/misaki/stress';
import { spacyTags } from '../src/text/lang/misaki/tag-rules';
import { tagTokens } from '../src/text/lang/misaki/tokens';
import type { LinePhonemizer } from '../src/text/phonemize';
import { KokoroError } from '../src/util/errors';
import { runCli, standinArgs, tempDir } from './helpers';

/** An espeak that must not be asked: every word should come from the lexicons. */
const noEspeak: LinePhonemizer = { phonemizeLine: async (t) => assert.fail(`espeak asked for "${t}"`) };
const us = new MisakiLexicon(lexiconData('us'), false);
const gb = new MisakiLexicon(lexiconData('gb'), true);
const say = async (s: string, dialect: 'en-us' | 'en-gb' = 'en-us'): Promise<string> => trackWords(await misakiSentenceWords(s, dialect, noEspeak)).text;

test('lexicon lookups: gold words per dialect, capitalised forms, silver words, -s/-ed/-ing stems', () => {
  assert.deepEqual(us.word('hello', 'UH', NO_CONTEXT), ['həlˈO', 4]);
  assert.deepEqual(gb.word('hello', 'UH', NO_CONTEXT), ['həlˈQ', 4]);
  assert.equal(us.word('Hello', 'UH', NO_CONTEXT)?.[0], 'həlˈO');
  assert.equal(us.word('water', 'NN', NO_CONTEXT)?.[0], 'wˈɔTəɹ'.replace('T', 'ɾ'));
  assert.equal(gb.word('water', 'NN', NO_CONTEXT)?.[0], 'wˈɔːtə');
  // Stems: a plural, a past form (flap before -ed in American), a gerund.
  assert.equal(us.word('cats', 'NNS', NO_CONTEXT)?.[0], 'kˈæts');
  assert.equal(us.getWord('zoomed', 'VBD', undefined, NO_CONTEXT)?.[0], 'zˈumd');
  assert.equal(us.word('qwxzv', 'NN', NO_CONTEXT), null);
});

test('sorted lexicon lines: binary search, homograph objects, capitalised and lower-case twins never overriding an entry', () => {
  const lines = ['Bob\tB', 'March\tM1', 'apple\tA', 'march\tm2', 'read\t{"DEFAULT":"r1","VBD":"r2"}', 'x\tX'];
  const w = new SortedWords(Buffer.from(`${[...lines].sort((a, b) => Buffer.compare(Buffer.from(a.split('\t')[0]!), Buffer.from(b.split('\t')[0]!))).join('\n')}\n`));
  assert.equal(w.size, 6);
  assert.equal(w.get('apple'), 'A');
  assert.equal(w.get('Apple'), 'A');
  assert.equal(w.get('bob'), 'B');
  assert.equal(w.get('March'), 'M1');
  assert.equal(w.get('march'), 'm2');
  assert.equal(w.get('X'), undefined);
  assert.equal(w.get('APPLE'), undefined);
  assert.deepEqual(w.get('read'), { DEFAULT: 'r1', VBD: 'r2' });
  assert.equal(w.get('zzz'), undefined);
  assert.equal(w.get('Aardvark'), undefined);
});

test('stress rules: misaki apply_stress levels and compound weights', () => {
  assert.equal(applyStress('həlˈO', -2), 'həlO');
  assert.equal(applyStress('ˈæbˌi', -1), 'ˌæbi');
  assert.equal(applyStress('kæt', 0), 'kˌæt');
  assert.equal(applyStress('kæt', 2), 'kˈæt');
  assert.equal(applyStress('ɹˌIt', 1), 'ɹˈIt');
  assert.equal(applyStress('pst', 2), 'pst'); // no vowel: nothing to stress
  assert.equal(applyStress('bˈIt', undefined), 'bˈIt');
  assert.equal(stressWeight('bAt'), 4);
  assert.equal(us.getNNP('NASA')?.[0], 'ˌɛnˌAˌɛsˈA');
});

test('function words follow what comes next: the/to before a vowel, "a" as ɐ, "used to"', async () => {
  assert.equal(await say('The apple and the pear.'), 'ði ˈæpᵊl ænd ðə pˈɛɹ.');
  assert.equal(await say('I want to eat, not to sleep.'), 'ˌI wˈɑnt tʊ ˈit, nˌɑt tə slˈip.');
  assert.equal(await say('I used to live there.'), 'ˌI jˈust tə lˈɪv ðˈɛɹ.');
  assert.equal(await say('He used a hammer.'), 'hˌi jˈuzd ɐ hˈæməɹ.');
});

test('homographs by part of speech, both dialects', async () => {
  const word = async (s: string, w: string, dialect: 'en-us' | 'en-gb' = 'en-us'): Promise<string> => {
    const ws = await misakiSentenceWords(s, dialect, noEspeak);
    const at = s.indexOf(w);
    return ws.find((x) => x.start === at)!.phonemes;
  };
  assert.equal(await word('Yesterday I read the whole report.', 'read'), 'ɹˈɛd');
  assert.equal(await word('I like to read books.', 'read'), 'ɹˈid');
  assert.equal(await word('The thermometer read twenty degrees.', 'read'), 'ɹˈɛd');
  assert.equal(await word('Please record the meeting.', 'record'), 'ɹəkˈɔɹd');
  assert.equal(await word('She set a new world record.', 'record'), 'ɹˈɛkəɹd');
  assert.equal(await word('She set a new world record.', 'record', 'en-gb'), 'ɹˈɛkɔːd');
  assert.equal(await word('Be careful not to tear the paper.', 'tear'), 'tˈɛɹ');
  assert.equal(await word('A single tear rolled down.', 'tear'), 'tˈɪɹ');
  assert.equal(await word('He wound the rope around the post.', 'wound'), 'wˈWnd');
  assert.equal(await word('She was content with her life.', 'content'), 'kəntˈɛnt');
  assert.equal(await word('The content of the letter.', 'content'), 'kˈɑntɛnt');
});

test('possessives, contractions, hyphenated and capitalised words', async () => {
  assert.equal(await say("The dog's bowl."), 'ðə dˈɔɡz bˈOl.');
  assert.equal(await say("James's car."), 'ʤˈAmzᵻz kˈɑɹ.');
  assert.equal(await say("She doesn't know, I'd say."), 'ʃˌi dˈʌzᵊnt nˈO, ˌId sˈA.');
  assert.equal(await say('A well-known author.'), 'ɐ wˌɛlnˈOn ˈɔθəɹ.');
  assert.equal(await say('I said STOP.'), 'ˌI sˈɛd stˈɑp.');
  assert.equal(await say('"Run!" she shouted.'), '“ɹˈʌn!” ʃi ʃˈWTᵻd.');
});

test('tag rules: clause-initial "that" is a demonstrative, after a noun a relative; a verb after "to" or a subject pronoun, an adjective after "so" or "is"', () => {
  const keys = (w: string): string[] => us.homographKeys(w);
  const tags = (s: string): string => spacyTags(tagTokens(s), keys).map((t) => `${t.text}/${t.tag}`).join(' ');
  assert.match(tags('That is mine.'), /^That\/DT /);
  assert.match(tags('We need to separate the eggs.'), /separate\/VB /);
  assert.match(tags('He wound the rope.'), /wound\/VBD /);
  assert.match(tags('The ships that crept along.'), /that\/WDT /);
  assert.match(tags('It came so close to the rocks.'), /close\/JJ /);
  assert.match(tags('The shop is close to here.'), /close\/JJ /);
  assert.match(tags('Please close the door.'), /close\/VB /);
  assert.match(tags('They never close on Sundays.'), /close\/VBP? /);
  assert.deepEqual(keys('hello'), []);
});

test('"close" after "so" or "is" is the adjective, after "please" or a subject the verb; "that" after a noun is unstressed (as misaki says them)', async () => {
  assert.equal(await say('A sailing yacht that came so close to the rocks.'), 'ɐ sˈAlɪŋ jˈɑt ðæt kˈAm sˌO klˈOs tə ðə ɹˈɑks.');
  assert.equal(await say('The cargo ships that crept along the horizon.'), 'ðə kˈɑɹɡO ʃˈɪps ðæt kɹˈɛpt əlˈɔŋ ðə həɹˈIzᵊn.');
  assert.equal(await say('The shop is close to here.'), 'ðə ʃˈɑp ɪz klˈOs tə hˈɪɹ.');
  assert.equal(await say('Please close the door.'), 'plˈiz klˈOz ðə dˈɔɹ.');
  assert.equal(await say('They never close on Sundays.'), 'ðˌA nˈɛvəɹ klˈOz ˌɔn sˈʌndˌAz.');
});

test('a word the lexicons lack goes to espeak, alone, and its phonemes are mapped to misaki symbols', async () => {
  const asked: string[] = [];
  const espeak: LinePhonemizer = { phonemizeLine: async (t) => (asked.push(t), ['zˈɔːɹblæks^ɪən']) };
  const words = await misakiSentenceWords('The Zorblax arrived.', 'en-us', espeak);
  assert.deepEqual(asked, ['Zorblax']);
  assert.equal(trackWords(words).text, 'ðə zˈɔɹblæksiən əɹˈIvd.');
});

test('each word\'s phonemes point at that word of the sentence (word timings depend on it)', async () => {
  const s = 'Hello, big world!';
  const t = await englishMisakiFrontEnd('en-us').phonemize(s, noEspeak);
  assert.equal(t.text, 'həlˈO, bˈɪɡ wˈɜɹld!');
  const spanOf = (ph: string): string => {
    const i = t.text.indexOf(ph);
    const [a, b] = t.spanOf(i, i + ph.length);
    return s.slice(a, b);
  };
  assert.equal(spanOf('həlˈO'), 'Hello');
  assert.equal(spanOf('bˈɪɡ'), 'big');
  assert.equal(spanOf('wˈɜɹld'), 'world');
});

test('a missing or corrupt lexicon is a KokoroError naming the file, with a hint', async () => {
  const dir = tempDir('kokoro-misaki-');
  writeFileSync(join(dir, 'us_gold.tsv.gz'), gzipSync('no tab here\n'));
  assert.throws(() => lexiconData('us', dir), (e: unknown) => e instanceof KokoroError && e.code === 'phonemizer' && e.message.includes('us_gold.tsv.gz') && /--g2p espeak/.test(e.hint ?? ''));
  assert.throws(() => lexiconData('gb', dir), (e: unknown) => e instanceof KokoroError && e.message.includes('gb_gold.tsv.gz'));
  writeFileSync(join(dir, 'gb_gold.tsv.gz'), 'not gzip');
  assert.throws(() => lexiconData('gb', dir), (e: unknown) => e instanceof KokoroError && e.message.includes('gb_gold.tsv.gz'));
  await assert.rejects(englishMisakiFrontEnd('en-us', dir).phonemize('Hello.', noEspeak), KokoroError);
});

test('withG2p: misaki replaces the English front ends only', () => {
  const espeakUs = englishFrontEnd('en-us');
  assert.equal(withG2p(espeakUs, 'espeak'), espeakUs);
  assert.notEqual(withG2p(espeakUs, 'misaki'), espeakUs);
  assert.equal(withG2p(espeakUs, 'misaki').id, 'en-us-x-misaki');
  const other = { ...espeakUs, id: 'es' };
  assert.equal(withG2p(other, 'misaki'), other);
});

test('synth --g2p: misaki (the default) writes the flap as T, espeak as ɾ; a bad value exits 2 naming the flag', async () => {
  const text = 'Better water.';
  const misaki = await runCli(['synth', text, '--phonemes', ...standinArgs()]);
  assert.equal(misaki.code, 0, misaki.stderr);
  assert.equal(misaki.stdout.toString().trim(), 'bˈɛTəɹ wˈɔTəɹ.');
  const named = await runCli(['synth', text, '--phonemes', '--g2p', 'misaki', ...standinArgs()]);
  assert.equal(named.stdout.toString(), misaki.stdout.toString());
  const espeak = await runCli(['synth', text, '--phonemes', '--g2p', 'espeak', ...standinArgs()]);
  assert.equal(espeak.code, 0, espeak.stderr);
  assert.match(espeak.stdout.toString(), /ɾ/);
  assert.doesNotMatch(espeak.stdout.toString(), /T/);
  const env = await runCli(['synth', text, '--phonemes', ...standinArgs()], { env: { KOKORO_G2P: 'espeak' } });
  assert.equal(env.stdout.toString(), espeak.stdout.toString());
  const bad = await runCli(['synth', text, '--phonemes', '--g2p', 'festival', ...standinArgs()]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /g2p.*--g2p.*misaki, espeak/);
});
