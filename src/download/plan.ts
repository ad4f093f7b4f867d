import { join } from 'node:path';
import { KokoroError } from '../util/errors';
import { closestNames } from '../util/suggest';
import type { DownloadSpec } from './fetch';
import { fileUrl, HF_REPO, localModelName, MODEL_FILES, VOICE_NAMES, VOICE_SHA256, type Variant } from './registry';

export interface DownloadPlanInput {
  readonly variant: Variant | null;
  /** Voice names, or 'all'. */
  readonly voices: readonly string[] | 'all';
  readonly modelsDir: string;
  readonly voicesDir: string;
  readonly endpoint: string;
}

export interface PlannedFile extends DownloadSpec {
  readonly kind: 'model' | 'voice';
  readonly name: string;
  readonly dir: string;
}

/** The files to fetch, with their URLs, targets and pinned hashes (voices); unknown voices are refused with suggestions. */
export function planDownloads(i: DownloadPlanInput): PlannedFile[] {
  const out: PlannedFile[] = [];
  if (i.variant) {
    const f = MODEL_FILES[i.variant];
    const name = localModelName(i.variant);
    out.push({
      kind: 'model', name, dir: i.modelsDir, url: fileUrl(i.endpoint, f.path), target: join(i.modelsDir, name),
      byHand: `download ${f.path} from https://huggingface.co/${HF_REPO} in a browser and save it as ${join(i.modelsDir, name)}`,
    });
  }
  const voices = i.voices === 'all' ? VOICE_NAMES : i.voices;
  for (const v of voices) {
    if (!(v in VOICE_SHA256)) {
      const near = closestNames(v, VOICE_NAMES, 3);
      throw new KokoroError('voice-unknown', `no voice "${v}" in Kokoro v1.0`, near.length ? `did you mean ${near.join(', ')}? (kokoro-ts voices --all lists them)` : 'kokoro-ts voices --all lists them');
    }
    out.push({
      kind: 'voice', name: `${v}.bin`, dir: i.voicesDir, url: fileUrl(i.endpoint, `voices/${v}.bin`), target: join(i.voicesDir, `${v}.bin`), sha256: VOICE_SHA256[v],
      byHand: `download voices/${v}.bin from https://huggingface.co/${HF_REPO} (or copy it from the npm package kokoro-js@1.2.1) into ${i.voicesDir}`,
    });
  }
  return out;
}
