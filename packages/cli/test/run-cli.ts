// Runs the built `tsgi` command as a child process (`npm test` builds first) and watches its output.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

/** The repository root: the working directory of the runs unless told otherwise. */
export const root = fileURLToPath(new URL('../../../', import.meta.url));
const bin = fileURLToPath(new URL('../bin/tsgi.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A running `tsgi`: its output so far and its exit code. */
export interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Runs `tsgi ...args` in the repository root. */
export function tsgi(...args: string[]): Run {
  return tsgiWith({}, ...args);
}

/** Runs `tsgi ...args` with extra environment variables (and `cwd` among them, if given, as the directory). */
export function tsgiWith(env: Record<string, string> & { cwd?: string }, ...args: string[]): Run {
  const { cwd = root, ...vars } = env;
  const child = spawn(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...vars } });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** The URL of the first listener of `scheme` the server reports on stderr (text or JSON logs). */
export async function listening(run: Run, scheme: 'http' | 'https' = 'http', timeoutMs = 15_000): Promise<string> {
  const began = Date.now();
  const pattern = new RegExp(`on (${scheme}:\\/\\/[^\\s]+)`);
  for (;;) {
    const match = pattern.exec(run.stderr());
    if (match) return match[1]!;
    if (Date.now() - began > timeoutMs || run.child.exitCode !== null) {
      throw new Error(`the server did not start: ${run.stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
