/** A warm driver as a child process: one JSON request line in, one JSON line out (protocol.ts). */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Measurement, Ready, Request } from './protocol';

export class DriverProcess {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly lines: AsyncIterator<string>;
  private stderrTail = '';

  private constructor(readonly name: string, command: string, args: readonly string[], cwd: string) {
    this.proc = spawn(command, args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr.on('data', (d: Buffer) => {
      this.stderrTail = (this.stderrTail + d.toString()).slice(-4000);
    });
    this.lines = createInterface({ input: this.proc.stdout })[Symbol.asyncIterator]();
  }

  static async start(name: string, command: string, args: readonly string[], cwd: string): Promise<{ driver: DriverProcess; ready: Ready }> {
    const driver = new DriverProcess(name, command, args, cwd);
    const ready = (await driver.next()) as unknown as Ready;
    if (!ready.ready) throw new Error(`${name}: expected a ready line, got ${JSON.stringify(ready)}`);
    return { driver, ready };
  }

  private async next(): Promise<Record<string, unknown>> {
    for (;;) {
      const r = await this.lines.next();
      if (r.done) throw new Error(`${this.name} driver exited early:\n${this.stderrTail}`);
      const line = r.value.trim();
      // Libraries may print to stdout; protocol lines are JSON objects.
      if (line.startsWith('{')) return JSON.parse(line) as Record<string, unknown>;
    }
  }

  async request(req: Request): Promise<Measurement> {
    this.proc.stdin.write(`${JSON.stringify(req)}\n`);
    return (await this.next()) as unknown as Measurement;
  }

  async close(): Promise<void> {
    const exited = new Promise<void>((res) => this.proc.once('exit', () => res()));
    this.proc.stdin.end();
    await exited;
  }
}
