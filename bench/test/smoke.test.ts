/**
 * The benchmark harness in smoke mode (`node bench/run.mjs --smoke`: one round of about a second per case, no
 * nginx), so `npm test` catches a harness that rotted: a server that no longer starts, a load whose output no
 * longer parses, a case that yields nothing; and a type check of the harness. The figures themselves are not
 * checked: a smoke run is far too short.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';

const RUN = fileURLToPath(new URL('../run.mjs', import.meta.url));
const out = mkdtempSync(path.join(os.tmpdir(), 'tsgi-bench-smoke-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Row {
  caseId: string;
  server: string;
  samples: number[];
}

/** Runs the harness to its end (it bounds every load itself; the kill is only a last resort). */
function runSmoke(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN, '--smoke', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), 100_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test('smoke run: every case gives a positive figure for every server, and the report is written', async () => {
  const { code, output } = await runSmoke();
  expect(code, output).toBe(0);
  const files = readdirSync(out);
  const json = files.find((name) => name.endsWith('.json'));
  expect(json, files.join(', ')).toBeDefined();
  const { rows } = JSON.parse(readFileSync(path.join(out, json!), 'utf8')) as { rows: Row[] };

  const cases = ['h1-hello', 'h1-pipelined', 'h2c-hello', 'h2-tls-hello', 'h1-file', 'h2c-file', 'h1-upload'];
  const memory = ['mem-h1', 'mem-h2c', 'mem-h2-tls'];
  for (const id of [...cases, ...memory]) {
    const servers = rows.filter((row) => row.caseId === id).map((row) => row.server);
    const bare = id.includes('h2') ? 'bare-http2' : 'bare-http';
    expect(servers.sort(), id).toEqual(['node', 'reference', bare].sort());
  }
  for (const row of rows) {
    expect(row.samples.length, `${row.caseId} ${row.server}`).toBe(1);
    expect(row.samples[0], `${row.caseId} ${row.server}`).toBeGreaterThan(0);
  }

  const report = readFileSync(path.join(out, 'latest.md'), 'utf8');
  expect(report).toContain('| case | server | median | min–max |');
  expect(report).toContain('## Targets (issue 7)');
  expect(report).toMatch(/Machine: \d+ CPUs/);
}, 120_000);

test('the harness type-checks (`tsc -p bench`: JavaScript with JSDoc types)', async () => {
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  const project = fileURLToPath(new URL('..', import.meta.url));
  const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
  expect(result.code, result.output).toBe(0);
}, 60_000);
