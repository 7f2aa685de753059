/**
 * @module The outside programs the deploy tests drive (curl, h2load, nginx, haproxy): finding them, running them
 * with a bound on time, reading their output; free ports and waiting for a port to accept.
 */
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, connect } from 'node:net';
import { delimiter, join } from 'node:path';

// nginx and haproxy live in /usr/sbin, which is not on every user's PATH.
const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

/** The absolute path of an executable named `name` on PATH or in the sbin directories, or `null`. */
export function findTool(name: string): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** The tools, resolved once; `null` where not installed (the suites skip on that). */
export const TOOLS = {
  curl: findTool('curl'),
  h2load: findTool('h2load'),
  nginx: findTool('nginx'),
  haproxy: findTool('haproxy'),
};

/** What a finished program printed, and its exit code. */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs `command` to its end, killed after `timeoutMs`; never rejects (the caller checks `code`). */
export function run(command: string, args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(command, args, { encoding: 'utf8', timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ stdout, stderr: error !== null && error.killed ? `${stderr}\n(killed after ${timeoutMs} ms)` : stderr, code });
    });
  });
}

/** curl, silent but showing errors, with its own time limit under ours. */
export function curl(args: string[], timeoutMs = 15_000): Promise<RunResult> {
  return run(TOOLS.curl ?? 'curl', ['-sS', '--max-time', String(timeoutMs / 1000 - 1), ...args], timeoutMs);
}

/** A streamed curl download: the body, and when (performance.now()) its first bytes reached us. */
export interface StreamedBody {
  body: string;
  firstBytesAt: number;
  code: number;
  stderr: string;
}

/** Runs curl with `-N` (no output buffering) and notes when the first body bytes arrive. */
export function curlStream(args: string[], timeoutMs = 15_000): Promise<StreamedBody> {
  return new Promise((resolve) => {
    const child = spawn(TOOLS.curl ?? 'curl', ['-sS', '-N', '--max-time', String(timeoutMs / 1000 - 1), ...args]);
    let body = '';
    let stderr = '';
    let firstBytesAt = Number.NaN;
    child.stdout.on('data', (chunk: Buffer) => {
      if (body === '') firstBytesAt = performance.now();
      body += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => resolve({ body, firstBytesAt, code: code ?? 1, stderr }));
  });
}

/** The counts of an h2load run (`requests:` and `status codes:` lines). */
export interface LoadResult {
  total: number;
  succeeded: number;
  failed: number;
  errored: number;
  timeout: number;
  status2xx: number;
  non2xx: number;
}

/** Reads h2load's summary; throws when the lines are missing, so a tool that did not run cannot pass. */
export function parseH2load(output: string): LoadResult {
  const req = /requests: (\d+) total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(output);
  const codes = /status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx/.exec(output);
  if (!req || !codes) throw new Error(`no summary in h2load output:\n${output}`);
  const n = (s: string | undefined): number => Number(s);
  return {
    total: n(req[1]),
    succeeded: n(req[2]),
    failed: n(req[3]),
    errored: n(req[4]),
    timeout: n(req[5]),
    status2xx: n(codes[1]),
    non2xx: n(codes[2]) + n(codes[3]) + n(codes[4]),
  };
}

/** Runs h2load (one thread) with `args` and returns its parsed summary. */
export async function h2load(args: string[], timeoutMs = 18_000): Promise<LoadResult> {
  const result = await run(TOOLS.h2load ?? 'h2load', ['-t1', ...args], timeoutMs);
  return parseH2load(`${result.stdout}\n${result.stderr}`);
}

/** A port that was free a moment ago (for programs that cannot bind port 0 and report it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tryConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Polls until `port` accepts a connection. Rejects after `timeoutMs`, or at once when `exited()` reports the
 * program gone (its own error message then says why; the caller adds it).
 */
export async function waitForPort(port: number, exited: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exited()) throw new Error(`exited before port ${port} accepted connections`);
    if (await tryConnect(port)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} did not accept connections within ${timeoutMs} ms`);
}
