import { SCHEMA_VERSION, type BenchReport } from '../bench/types';
import { TUNE_SCHEMA_VERSION, type TuneReport } from '../tune/types';
import { KokoroError } from '../util/errors';
import type { ResultFile, ResultSource } from './types';

const HINT = 'report reads the JSON that bench --json, bench --batch --json and tune --json write';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(path: string, what: string, hint = HINT): KokoroError {
  return new KokoroError('bad-result', `${path}: ${what}`, hint);
}

/** Fields a chart reads, checked so a hand-edited or truncated file fails here, naming itself, not in the renderer. */
function checkCase(path: string, c: unknown, where: string): void {
  if (!isObj(c) || typeof c.name !== 'string') throw bad(path, `${where} is not a bench case (no name)`);
  const samples = c.samples;
  if (!isObj(samples) || !Array.isArray(samples.wallMs) || !Array.isArray(samples.rawModelMs)) throw bad(path, `case "${c.name}" has no samples.wallMs/rawModelMs (written by an older kokoro-ts?)`);
  for (const k of ['rtf', 'rawRtf', 'overheadRatio', 'stages', 'cold'] as const) if (!isObj(c[k])) throw bad(path, `case "${c.name}" lacks ${k}`);
  if (typeof c.audioSeconds !== 'number' || !(c.audioSeconds > 0)) throw bad(path, `case "${c.name}" has no audioSeconds`);
}

function checkEnvironment(path: string, r: Obj): void {
  const e = r.environment;
  if (!isObj(e) || !isObj(e.model) || !isObj(e.cpu) || !isObj(e.session)) throw bad(path, 'lacks its environment (cpu, model, session)');
}

/** How each kind of result is recognised: the first whose `is` holds decides; `check` then insists on its fields. */
interface Kind {
  readonly tool: string;
  readonly schema: number;
  readonly is: (r: Obj) => boolean;
  readonly make: (path: string, r: Obj, source: ResultSource) => ResultFile;
}

const KINDS: readonly Kind[] = [
  {
    tool: 'kokoro-ts bench', schema: SCHEMA_VERSION, is: (r) => isObj(r.batch),
    make(path, r, source) {
      const b = r.batch as Obj;
      if (!Array.isArray(b.results) || b.results.some((x) => !isObj(x) || typeof x.jobs !== 'number' || !isObj(x.throughput) || !isObj(x.wallMs))) throw bad(path, 'batch.results is not a list of jobs results');
      const report = r as unknown as BenchReport;
      return { kind: 'batch', source, report, batch: report.batch! };
    },
  },
  {
    tool: 'kokoro-ts bench', schema: SCHEMA_VERSION, is: () => true,
    make(path, r, source) {
      if (!Array.isArray(r.cases)) throw bad(path, 'a bench result without cases');
      if (r.cases.length === 0) throw bad(path, 'a bench result with no cases', 'was the run interrupted before its first case ended?');
      r.cases.forEach((c, i) => checkCase(path, c, `cases[${i}]`));
      return { kind: 'bench', source, report: r as unknown as BenchReport };
    },
  },
  {
    tool: 'kokoro-ts tune', schema: TUNE_SCHEMA_VERSION, is: () => true,
    make(path, r, source) {
      if (!Array.isArray(r.trials)) throw bad(path, 'a tune result without trials');
      r.trials.forEach((t, i) => {
        if (!isObj(t) || !isObj(t.settings) || !isObj(t.before) || !isObj(t.after)) throw bad(path, `trials[${i}] lacks settings or temperature readings`);
        checkCase(path, t.result, `trials[${i}].result`);
      });
      return { kind: 'tune', source, report: r as unknown as TuneReport };
    },
  },
];

/** Which kind of result `raw` (parsed JSON from `path`) is; a one-line error naming the file when it is none, or several at once. */
export function classify(raw: unknown, path: string, source: ResultSource): ResultFile {
  if (!isObj(raw)) throw bad(path, 'not a kokoro-ts result (not a JSON object)');
  const tool = raw.tool;
  const known = [...new Set(KINDS.map((k) => k.tool))];
  if (typeof tool !== 'string' || !known.includes(tool)) throw bad(path, `not a kokoro-ts result (tool ${JSON.stringify(tool ?? null)}; expected ${known.join(' or ')})`);
  // A file that carries another kind's fields was stitched together or mislabelled: say so rather than guess.
  const fields = tool === 'kokoro-ts tune' ? ['cases', 'batch'] : ['trials', 'winner'];
  const foreign = fields.filter((f) => f in raw && !(f === 'cases' && Array.isArray(raw.cases) && raw.cases.length === 0));
  if (foreign.length) throw bad(path, `mixes schemas: tool "${tool}" but it also has ${foreign.join(', ')}`, 'give each run\'s own JSON file, unedited');
  const kind = KINDS.find((k) => k.tool === tool && k.is(raw))!;
  if (raw.schemaVersion !== kind.schema) throw bad(path, `has schemaVersion ${JSON.stringify(raw.schemaVersion ?? null)}; this kokoro-ts reads ${kind.schema}`, 'run the bench or tune again with this version');
  checkEnvironment(path, raw);
  return kind.make(path, raw, source);
}
