import { inputNotes, listVoiceNames, parseVoiceSpec, piecesOf } from '../engine';
import { voicesOf, type InputKind } from '../text/markup';
import { KokoroError } from '../util/errors';
import { closestNames } from '../util/suggest';

/** --input / --ssml -> the input's syntax: --ssml is --input ssml. */
export function inputKindOf(f: { input?: string; ssml?: boolean }): InputKind {
  if (f.ssml && f.input !== undefined && f.input !== 'ssml') throw new KokoroError('usage', `--ssml and --input ${f.input} contradict each other`, 'give one of them');
  return f.ssml ? 'ssml' : ((f.input ?? 'text') as InputKind);
}

/**
 * Checks the text's markup (or SSML, or phonemes) before any work: a malformed one, an unknown
 * phoneme symbol, or a voice it names that is not installed (with the closest names) is an error here.
 */
export async function checkInputText(text: string, input: InputKind, voicesDir: string, also: readonly string[] = []): Promise<string[]> {
  const named = [...also, ...voicesOf(piecesOf(text, input))];
  const notes = inputNotes(text, input);
  if (named.length === 0) return notes;
  const installed = await listVoiceNames(voicesDir);
  for (const spec of named) {
    for (const { name } of parseVoiceSpec(spec)) {
      if (installed.includes(name)) continue;
      const near = closestNames(name, installed, 3);
      throw new KokoroError('voice-unknown', `unknown voice "${name}" in the text`, near.length > 0 ? `did you mean ${near.join(', ')}? (kokoro-ts voices lists them)` : 'kokoro-ts voices lists the installed voices');
    }
  }
  return notes;
}
