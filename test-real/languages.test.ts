/**
 * Real tier, languages read through espeak (e, f, i, p, h): five sentences per language in one real
 * voice each, spoken by the CLI on the int8 model and transcribed by the multilingual Whisper base
 * told the language. e/f/i/p: word error rate <= 15%. Hindi: Whisper base writes Hindi speech in Urdu
 * script, so reference and transcript are compared in a common script (hindi_skeleton.py: uroman
 * romanization, consonant skeleton) by character error rate <= 25%.
 * Voice packs come from KOKORO_REAL_VOICES (default .cache/voices); without them the test skips,
 * saying which packs are missing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../test/helpers';
import { ASR_MODEL, ASR_PY, NO_ASR, NO_REAL_MODEL, REAL_MODEL as MODEL, REAL_MODEL_READY, REAL_RUNTIME_ARGS, REAL_VOICES as VOICES, runAsrScript, transcribe } from './helpers';
import { editDistance } from '../src/text/phoneme-error';
import { wordErrorRate } from './wer';


interface Case {
  readonly lang: string;
  readonly voice: string;
  readonly whisper: string;
  readonly sentences: readonly string[];
}

const CASES: readonly Case[] = [
  { lang: 'es', voice: 'ef_dora', whisper: 'es', sentences: [
    'Hola, ¿cómo estás hoy?',
    'El tren sale por la mañana y llega a Madrid por la tarde.',
    'Mi hermana vive en una casa pequeña cerca del mar.',
    '¿Quieres venir al cine con nosotros esta noche?',
    'Los niños juegan en el parque después del colegio.',
  ] },
  { lang: 'fr', voice: 'ff_siwis', whisper: 'fr', sentences: [
    'Bonjour, comment allez-vous aujourd\'hui ?',
    'Le train part le matin et arrive à Paris le soir.',
    'Ma sœur habite dans une petite maison près de la mer.',
    'Tu veux venir au cinéma avec nous ce soir ?',
    'Les enfants jouent dans le parc après l\'école.',
  ] },
  { lang: 'it', voice: 'if_sara', whisper: 'it', sentences: [
    'Ciao, come stai oggi?',
    'Il treno parte la mattina e arriva a Roma la sera.',
    'Mia sorella vive in una piccola casa vicino al mare.',
    'Vuoi venire al cinema con noi stasera?',
    'I bambini giocano nel parco dopo la scuola.',
  ] },
  { lang: 'pt-br', voice: 'pf_dora', whisper: 'pt', sentences: [
    'Olá, como você está hoje?',
    'O trem sai de manhã e chega a São Paulo à tarde.',
    'Minha irmã mora numa casa pequena perto do mar.',
    'Você quer ir ao cinema com a gente hoje à noite?',
    'As crianças brincam no parque depois da escola.',
  ] },
  { lang: 'hi', voice: 'hf_alpha', whisper: 'hi', sentences: [
    'आज मौसम बहुत अच्छा है।',
    'मेरा नाम राहुल है और मैं दिल्ली में रहता हूँ।',
    'बच्चे स्कूल के बाद पार्क में खेलते हैं।',
    'कृपया मुझे एक गिलास पानी दीजिए।',
    'ताजमहल आगरा में है।',
  ] },
];

function run(cmd: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((res, rej) => {
    execFile(cmd, args, { maxBuffer: 1 << 24, timeout: 900_000, env: { ...process.env, ...env } }, (e, stdout, stderr) => (e ? rej(new Error(`${e.message}\n${stderr}`)) : res(stdout)));
  });
}

/** The CLI speaks the sentences (one batch: --split-lines --names) and Whisper transcribes them. */
async function speakAndHear(c: Case, dir: string): Promise<string[]> {
  const lines = join(dir, `${c.lang}.txt`);
  writeFileSync(lines, c.sentences.map((s, i) => `${s}\t${c.lang}-${i}`).join('\n'));
  await run(process.execPath, [join(ROOT, 'bin', 'kokoro-ts'), 'synth', '--model', MODEL, '--voices-dir', VOICES, '--voice', c.voice, ...REAL_RUNTIME_ARGS, '-f', lines, '--split-lines', '--names', '--out-dir', dir]);
  const wavs = c.sentences.map((_, i) => join(dir, `${c.lang}-${i}.wav`));
  const heard = await transcribe(wavs, c.whisper);
  return wavs.map((w) => heard[w] ?? '');
}

/** Character error rate of Hindi in the common script (consonant skeletons, hindi_skeleton.py). */
async function hindiCer(refs: readonly string[], hyps: readonly string[]): Promise<{ rate: number; detail: string[] }> {
  const sk = JSON.parse(await runAsrScript('hindi_skeleton.py', [JSON.stringify([...refs, ...hyps])], { PYTHONPATH: join(ROOT, '.cache', 'translit') })) as string[];
  let edits = 0;
  let length = 0;
  const detail: string[] = [];
  refs.forEach((_, i) => {
    const r = sk[i]!;
    const h = sk[refs.length + i]!;
    const e = editDistance([...h], [...r]);
    edits += e;
    length += r.length;
    detail.push(`${r} | ${h} (${e}/${r.length})`);
  });
  return { rate: length ? edits / length : 0, detail };
}

const missingVoices = CASES.filter((c) => !existsSync(join(VOICES, `${c.voice}.bin`))).map((c) => c.voice);
const skip = !REAL_MODEL_READY
  ? NO_REAL_MODEL
  : missingVoices.length > 0
    ? `voice packs missing in ${VOICES}: ${missingVoices.join(', ')} (set KOKORO_REAL_VOICES to a folder with them)`
    : !existsSync(ASR_PY) || !existsSync(ASR_MODEL)
      ? NO_ASR
      : false;
if (skip) process.stderr.write(`SKIPPED test-real/languages.test.ts: ${skip}\n`);

describe('languages through espeak on the real model (Whisper base)', () => {
  for (const c of CASES) {
    const bar = c.lang === 'hi' ? 'CER <= 25% in a common script' : 'WER <= 15%';
    test(`${c.lang} (${c.voice}): ${bar}`, { skip, timeout: 900_000 }, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), `kokoro-lang-${c.lang}-`));
      try {
        const heard = await speakAndHear(c, dir);
        if (c.lang === 'hi') {
          const { rate, detail } = await hindiCer(c.sentences, heard);
          t.diagnostic(`hi CER ${(100 * rate).toFixed(1)}% (uroman consonant skeletons)\n${detail.join('\n')}\n${heard.join('\n')}`);
          assert.ok(rate <= 0.25, `Hindi CER ${(100 * rate).toFixed(1)}% > 25%`);
          return;
        }
        let errors = 0;
        let words = 0;
        c.sentences.forEach((s, i) => {
          const w = wordErrorRate(s, heard[i]!);
          errors += w.errors;
          words += w.words;
        });
        const rate = errors / words;
        t.diagnostic(`${c.lang} WER ${(100 * rate).toFixed(1)}% (${errors}/${words} words)\n${heard.join('\n')}`);
        assert.ok(rate <= 0.15, `${c.lang} WER ${(100 * rate).toFixed(1)}% > 15%: ${heard.join(' | ')}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
