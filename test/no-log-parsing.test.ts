import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './helpers';

/**
 * Nothing reads data out of a program's human log lines: a server's address comes from its JSON
 * `listening` event (`serve --log-format json`), a run's figures from its `--json` result. Prose is
 * worded for people and may change; data does not. What counts as reading prose, line by line:
 *   - a regular expression with a capture group run on a child's output (stderr, stdout, err), or
 *   - a regular expression tested on that output to decide what to do next (if / while), or
 *   - a regular expression naming one of the server's or synth's log phrases.
 * Assertions are not reading: `assert.match(r.stderr, /.../)` checks a message, it takes nothing out.
 */
const OUTPUT = /\b(stderr|stdout|err)\b/;
const READS = /\.(exec|match|matchAll)\(/;
const DECIDES = /^\s*(}\s*else\s+)?(if|while)\s*\(.*\.test\(/;
const PHRASES = /Listening on|Ready: |Wyoming on|Web page:|peak RSS|after process start|of audio in|front end \(|warm-up \(/;
const ASSERTION = /^\s*assert(\.\w+)?\(/;

/** The regular expression literals and `new RegExp(...)` sources on a line (a literal starts after an operator, never after a value). */
function regexesOf(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/(?:^|[=(,:!&|?;[{]|return)\s*\/((?![/*])(?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\[\n])+)\/[dgimsuy]*/g)) out.push(m[1]!);
  for (const m of line.matchAll(/new RegExp\(([^)]*)\)/g)) out.push(m[1]!);
  return out;
}

const captures = (re: string): boolean => /(^|[^\\])\((?!\?)/.test(re);

/** Where `text` reads prose: "LINE: the line". */
export function proseReadingIn(text: string): string[] {
  const bad: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (ASSERTION.test(line)) return;
    const res = regexesOf(line);
    if (res.length === 0) return;
    // The output named outside the expressions themselves (a regex may well mention "stdout").
    const onOutput = OUTPUT.test(res.reduce((l, r) => l.split(r).join(''), line));
    const why =
      onOutput && READS.test(line) && res.some(captures) ? 'reads data out of output'
      : onOutput && DECIDES.test(line) ? 'waits on a line of output'
      : res.some((r) => PHRASES.test(r)) ? 'matches a log phrase'
      : null;
    if (why) bad.push(`${i + 1}: ${why}: ${line.trim()}`);
  });
  return bad;
}

/**
 * Left as they are, each for a reason: they wait for a moment in a run (synth's model loaded, tune's
 * first trial done) that only the prose tells today. A machine-readable progress event for synth
 * and tune would retire them.
 */
const WAITS_STILL_ON_PROSE: Record<string, string> = {
  'benchmarks/stream-latency.ts': 'while (!/ready \\d+ ms after process start/.test(err)) {',
  'test-real/stream-stdin.test.ts': 'while (!/ready \\d+ ms after process start/.test(err)) {',
  'test/tune-cli.test.ts': 'if (!child.killed && /trial 1\\/\\d+ done/.test(stderr)) {',
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name.startsWith('.')) return [];
    if (statSync(p).isDirectory()) return sources(p);
    return /\.(ts|cjs|mjs|js)$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

test('no file reads data out of human log lines: JSON events and --json results instead', () => {
  const self = join(ROOT, 'test', 'no-log-parsing.test.ts');
  const files = ['src', 'benchmarks', 'scripts', 'test', 'test-real'].flatMap((d) => sources(join(ROOT, d))).filter((f) => f !== self);
  assert.ok(files.length > 200, `${files.length} files scanned`);
  const bad: string[] = [];
  const allowedSeen: string[] = [];
  for (const f of files) {
    const rel = relative(ROOT, f);
    for (const hit of proseReadingIn(readFileSync(f, 'utf8'))) {
      const allowed = WAITS_STILL_ON_PROSE[rel];
      if (allowed !== undefined && hit.endsWith(allowed)) allowedSeen.push(rel);
      else bad.push(`${rel}:${hit}`);
    }
  }
  assert.deepEqual(bad, []);
  assert.deepEqual(allowedSeen.sort(), Object.keys(WAITS_STILL_ON_PROSE).sort(), 'each exception is still there (drop it once fixed)');
});

test('the checker catches the prose readers this project had, and lets assertions and other parsing be', () => {
  // Lines as they were before serve logged JSON and synth wrote --json (issue 27).
  const before = [
    "      const m = /Listening on (http:\\/\\/127\\.0\\.0\\.1:\\d+)/.exec(err);",
    "      if (m && /^Ready: /m.test(err)) ok(m[1]!);",
    "      const w = /Wyoming on tcp:\\/\\/127\\.0\\.0\\.1:(\\d+)/.exec(err);",
    "  const ready = /ready (\\d+) ms after process start/.exec(r.stderr);",
    "  const m = /peak RSS (\\d+) MB/.exec(r.stderr);",
    "  const chunks = [...r.stderr.matchAll(/chunk \\d+(?: \\(last\\))?: (\\d+) tokens.*?ms: (.*)$/gm)];",
    "  const m = new RegExp(`${MARK}(\\\\d+)`).exec(r.stderr ?? '');",
    "  while (!/^Ready: /m.test(err)) {",
    "  const status = Number(/status=(\\d+)/.exec(r.stdout)?.[1]);",
  ];
  for (const line of before) assert.equal(proseReadingIn(line).length, 1, line);
  const fine = [
    "    assert.match(s.stderr(), /kokoro-ts serve: error: .*af_broken/, 'logged on the server');",
    "  assert.equal((again.stderr.match(/already present, sha256 verified/g) ?? []).length, 2);",
    "    rssKb: async () => Number(/^process_resident_memory_bytes (\\d+)$/m.exec((await raw(base, '/metrics')).body.toString())?.[1] ?? NaN) / 1024,",
    "  const m = /^Bearer\\s+(.+)$/i.exec(req.headers.authorization ?? '');",
    "  const out = a / b / c;",
    "  log(o, `cache: ${cache.size}/${cache.capacity} entries; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);",
    "  const isLoopback = (host: string): boolean => /^(127\\.|::1$|localhost$)/.test(host);",
    "    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/process\\.(argv|env|exit|stdout|stdin)|console\\./g)]);",
  ];
  for (const line of fine) assert.deepEqual(proseReadingIn(line), [], line);
});
