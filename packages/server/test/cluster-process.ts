/**
 * @module Helpers for the cluster tests: run fixtures/cluster-app.ts as a real process tree, and drive it with
 * requests on new connections each (so the primary hands every request to a worker afresh).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = 'packages/server/test/fixtures/cluster-app.ts';

/** A running fixture: the primary process and what it wrote. */
export interface ClusterRun {
  /** The primary. */
  readonly child: ChildProcess;
  /** Everything written to stderr so far (the primary's and the workers' lines). */
  stderr(): string;
  /** Resolves with the primary's exit code (or the signal's name). */
  readonly exit: Promise<number | string | null>;
  /** The port, once the primary printed its JSON line; rejects if it exits first. */
  readonly port: Promise<number>;
}

const started: ClusterRun[] = [];

/**
 * Starts the fixture for `server` (`reference` or `node`); `env` adds environment variables. `ownGroup` makes the
 * primary lead a process group of its own (its workers join it), as a shell does for a foreground job.
 */
export function startCluster(server: 'reference' | 'node', env: Record<string, string> = {}, ownGroup = false): ClusterRun {
  // tsx compiles the TypeScript; the condition resolves workspace packages to their sources (as in vitest). Both are
  // in execArgv, so cluster.fork() passes them to the workers.
  const child = spawn(process.execPath, ['--conditions=@tsgi/source', '--import', 'tsx', fixture, server], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
    detached: ownGroup,
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve((JSON.parse(line!) as { addresses: { port: number }[] }).addresses[0]!.port);
    });
    void exit.then((code) => reject(new Error(`the primary exited (${code}) before listening: ${err}`)));
  });
  port.catch(() => {});
  const run: ClusterRun = { child, stderr: () => err, exit, port };
  started.push(run);
  return run;
}

/** The pids of the workers that completed lifespan startup, in order. */
export function workerPids(run: ClusterRun): number[] {
  return [...run.stderr().matchAll(/^worker-up (\d+)$/gm)].map((m) => Number(m[1]));
}

/** Whether a process with this pid is still running. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills (SIGKILL) every process the fixtures started: workers by pid, then the primaries. */
export function killAll(): void {
  for (const run of started.splice(0)) {
    for (const pid of workerPids(run)) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
  }
}

/** Waits until `condition()` holds, polling; throws after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const began = Date.now();
  while (!condition()) {
    if (Date.now() - began > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One GET on a new connection; resolves with the answering worker's pid, rejects on any failure or after 3 s. */
export function getPid(port: number, path = '/'): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' }, timeout: 3000 }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Number(body)) : reject(new Error(`status ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** What a load run saw: each answer's pid in order, and the failed requests. */
export interface LoadResult {
  /** The pid of every successful answer, in completion order. */
  readonly pids: number[];
  /** The failed requests' errors. */
  readonly failures: string[];
}

/**
 * `clients` loops of sequential requests (new connection each) until `done()` holds, at least `minMs` and at most
 * `maxMs`: a steady, bounded load.
 */
export async function steadyLoad(
  port: number,
  clients: number,
  minMs: number,
  maxMs: number,
  done: (sofar: LoadResult) => boolean,
): Promise<LoadResult> {
  const result: LoadResult = { pids: [], failures: [] };
  const began = Date.now();
  const keepGoing = (): boolean => {
    const elapsed = Date.now() - began;
    return elapsed < minMs || (elapsed < maxMs && !done(result));
  };
  const client = async (): Promise<void> => {
    while (keepGoing()) {
      try {
        result.pids.push(await getPid(port));
      } catch (error) {
        result.failures.push((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return result;
}
