import type { BenchReport } from '../bench/types';
import type { ModelsReport } from '../bench/suite-run';
import type { ServerBenchReport } from '../bench/server-run';
import type { TuneReport } from '../tune/types';
import type { SynthSummary } from '../results/synth';
import { tableReporter } from './table';
import { jsonReporter, prettyJson } from './json';
import { markdownReporter } from './markdown';
import { modelsTable } from './models-table';
import { serverTable } from './server-table';

/** Where a result goes, chosen and checked at the edge before any work: an absolute path, '-' for stdout, null for nowhere. */
export interface ExportPlan {
  readonly json: string | null;
  readonly markdown: string | null;
  readonly html: string | null;
}

/** One kind of result in each format it has; a format it lacks is not written, whatever the plan says. */
export interface Renderers<R> {
  /** For people: stdout, or stderr when stdout carries a machine format. */
  readonly table?: (r: R, colour: boolean) => string;
  readonly json: (r: R) => string;
  readonly markdown?: (r: R) => string;
  readonly html?: (r: R) => string;
}

/** The writes, given by the CLI (files atomically): report/ decides what goes where, it opens nothing itself. */
export interface ExportIo {
  readonly writeFile: (path: string, text: string) => Promise<void>;
  readonly stdout: (text: string) => Promise<void>;
  readonly stderr: (text: string) => Promise<void>;
  readonly colour: (stream: 'stdout' | 'stderr') => boolean;
}

/** Writes `text` to `path`, or to stdout for '-'. */
export function writeOut(io: ExportIo, path: string, text: string): Promise<void> {
  return path === '-' ? io.stdout(text) : io.writeFile(path, text);
}

/**
 * The one way a result leaves a command. `save` after each case keeps what an interrupted run
 * measured (the JSON file only: stdout gets the JSON once, at the end); `finish` writes the table
 * for people, then every planned format, and names the JSON file on stderr ("Results: PATH").
 */
export class ExportManager<R> {
  /** Whether stdout carries a machine format, so people's output goes to stderr. */
  readonly stdoutTaken: boolean;
  /** The JSON last saved: finish does not write it again (a named pipe as --json takes one write). */
  private saved: string | null = null;

  constructor(private readonly plan: ExportPlan, private readonly renderers: Renderers<R>, private readonly io: ExportIo, private readonly label = 'Results') {
    this.stdoutTaken = plan.json === '-' || (plan.html === '-' && renderers.html !== undefined);
  }

  /** Text for people (a table, a comparison), beside the result. */
  human(text: string): Promise<void> {
    return this.stdoutTaken ? this.io.stderr(text) : this.io.stdout(text);
  }

  get colour(): boolean {
    return this.io.colour(this.stdoutTaken ? 'stderr' : 'stdout');
  }

  async save(r: R): Promise<void> {
    if (this.plan.json === null || this.plan.json === '-') return;
    this.saved = this.renderers.json(r);
    await this.io.writeFile(this.plan.json, this.saved);
  }

  async finish(r: R): Promise<void> {
    const { plan, renderers: out, io } = this;
    if (out.table) await this.human(out.table(r, this.colour));
    if (plan.json !== null) {
      const json = out.json(r);
      if (json !== this.saved) await writeOut(io, plan.json, json);
      if (plan.json !== '-') await io.stderr(`${this.label}: ${plan.json}\n`);
    }
    // Markdown always to a file (one named - too, as before): stdout has the table.
    if (plan.markdown !== null && out.markdown) await io.writeFile(plan.markdown, out.markdown(r));
    if (plan.html !== null && out.html) await writeOut(io, plan.html, out.html(r));
  }
}

export const benchRenderers = (html: (r: BenchReport) => string): Renderers<BenchReport> => ({ table: (r, colour) => tableReporter(colour).report(r), json: jsonReporter.report, markdown: markdownReporter.report, html });
export const tuneRenderers = (html: (r: TuneReport) => string): Renderers<TuneReport> => ({ table: (r, colour) => tableReporter(colour).tune(r), json: jsonReporter.tune, markdown: markdownReporter.tune, html });
export const modelsRenderers: Renderers<ModelsReport> = { table: modelsTable, json: prettyJson };
export const serverRenderers: Renderers<ServerBenchReport> = { table: serverTable, json: prettyJson };
export const synthRenderers: Renderers<SynthSummary> = { json: prettyJson };
