import { readFile } from 'node:fs/promises';
import { atomicWriteFile } from '../util/fs';
import { ExitCode, InvalidValue, KokoroError } from '../util/errors';
import { KEYS, KEY_NAMES, type Key } from './keys';

/** override.json: nested JSON ({"session": {"intraOpNumThreads": 2}, "voice": "af_nicole"}); other keys are kept untouched. */
export type OverrideDoc = Record<string, unknown>;

export function getPath(doc: OverrideDoc, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), doc);
}

export function setPath(doc: OverrideDoc, key: string, value: unknown): OverrideDoc {
  const [head, ...rest] = key.split('.');
  const out: OverrideDoc = { ...doc };
  if (rest.length === 0) out[head!] = value;
  else {
    const inner = out[head!];
    out[head!] = setPath(inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as OverrideDoc) : {}, rest.join('.'), value);
  }
  return out;
}

/** Reads an override file; a missing file is an empty one unless `mustExist`. */
export async function readOverride(path: string, mustExist: boolean): Promise<OverrideDoc> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' && !mustExist) return {};
    throw new KokoroError('config', `cannot read override file ${path}: ${(e as Error).message}`, undefined, ExitCode.Io);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new KokoroError('config', `override file ${path} is not valid JSON: ${(e as Error).message}`, 'fix or delete it; kokoro-ts tune writes a fresh one');
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new KokoroError('config', `override file ${path} must hold a JSON object`);
  return doc as OverrideDoc;
}

/** The known keys present in a document, parsed; a bad value names its key and the file. */
export function overrideValues(doc: OverrideDoc, path: string): Partial<Record<Key, unknown>> {
  const out: Partial<Record<Key, unknown>> = {};
  for (const key of KEY_NAMES) {
    const raw = getPath(doc, key);
    if (raw === undefined) continue;
    try {
      const want = KEYS[key].json;
      const got = raw === null ? 'null' : typeof raw;
      if (!want.split('|').includes(got)) throw new InvalidValue(`must be a JSON ${want.replace('|', ' or ')}, not ${got}`);
      out[key] = KEYS[key].parse(raw);
    } catch (e) {
      if (!(e instanceof InvalidValue)) throw e;
      const shown = (KEYS[key] as { secret?: boolean }).secret ? '(hidden)' : JSON.stringify(raw);
      throw new KokoroError('config', `invalid ${key} ${shown} in ${path}: ${e.reason}`);
    }
  }
  return out;
}

/** Sets keys in the override file atomically (temp file + rename), keeping every other key. */
export async function updateOverride(path: string, values: Partial<Record<Key, unknown>>): Promise<OverrideDoc> {
  let doc = await readOverride(path, false);
  for (const [k, v] of Object.entries(values)) doc = setPath(doc, k, v);
  await atomicWriteFile(path, `${JSON.stringify(doc, null, 2)}\n`);
  return doc;
}
