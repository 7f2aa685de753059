// @ts-check
/**
 * @module Child processes of the harness: every server and load generator is spawned pinned to one core with
 * `taskset`, tracked by pid, and stopped by that pid — also when the harness exits or is interrupted, so a failed
 * run never leaves a server holding a port or a core.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';

/** Core of the servers under test and of the load generators: they must never compete for one core. */
export const SERVER_CPU = '0';
export const CLIENT_CPU = '1';

/** @type {Set<import('node:child_process').ChildProcess>} every child still running */
const live = new Set();

function killAll() {
  for (const child of live) {
    try {
      if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
// On exit only synchronous work runs, so the children get SIGKILL; on a signal we exit, which runs that hook.
process.on('exit', killAll);
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}

/**
 * @typedef {object} Child
 * @property {number} pid the pid of the pinned program itself (taskset execs it, so the pid is kept)
 * @property {import('node:child_process').ChildProcess} process
 * @property {() => string} output stdout and stderr so far (for error messages and parsers)
 * @property {Promise<number | null>} exited resolves with the exit code
 */

/**
 * Starts `command args` pinned to `cpu`. `timeoutMs` bounds its life: past it the child is killed, so no load
 * generator or client can hang the run.
 * @param {string} cpu
 * @param {string} command
 * @param {string[]} args
 * @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv, stdin?: boolean }} [options]
 * @returns {Child}
 */
export function startPinned(cpu, command, args, options = {}) {
  const child = spawn('taskset', ['-c', cpu, command, ...args], {
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  if (child.pid === undefined) throw new Error(`cannot start ${command}`);
  live.add(child);
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk) => (text += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk) => (text += chunk));
  const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve(signal ? null : code);
    });
  });
  return { pid: child.pid, process: child, output: () => text, exited: /** @type {Promise<number | null>} */ (exited) };
}

/**
 * Runs a bounded command to its end and returns its output; rejects on a non-zero exit or the time bound.
 * @param {string} cpu
 * @param {string} command
 * @param {string[]} args
 * @param {number} timeoutMs
 */
export async function runPinned(cpu, command, args, timeoutMs) {
  const child = startPinned(cpu, command, args, { timeoutMs });
  const code = await child.exited;
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${code}:\n${child.output().slice(-2000)}`);
  return child.output();
}

/**
 * Stops a child by its pid: SIGTERM (our launchers close and exit, which also writes a --cpu-prof profile),
 * then SIGKILL if it is still there after `graceMs`.
 * @param {Child} child
 * @param {number} [graceMs]
 */
export async function stop(child, graceMs = 3000) {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // exited in between
    }
  }, graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** @param {number} ms */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls until `port` on 127.0.0.1 accepts a connection, or fails after `timeoutMs` (or when the child died).
 * @param {number} port
 * @param {Child} child
 * @param {number} [timeoutMs]
 */
export async function waitForPort(port, child, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`server exited before listening on ${port}:\n${child.output()}`);
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => resolve(true)).once('error', () => resolve(false));
      socket.setTimeout(500, () => socket.destroy());
      socket.once('close', () => resolve(false));
      socket.once('connect', () => socket.destroy());
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`port ${port} not open after ${timeoutMs} ms:\n${child.output()}`);
    await sleep(50);
  }
}

/**
 * A port the kernel just gave out on 127.0.0.1 (closed again at once; the race with others is negligible here).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The resident set size of a process in KiB, from /proc/<pid>/status (VmRSS).
 * @param {number} pid
 */
export async function rssKiB(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(match[1]);
}
