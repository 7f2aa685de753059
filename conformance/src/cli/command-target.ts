/**
 * @module A {@link Target} for a server in another process: each scenario start runs a shell command with
 * `{port}`, `{tlsPort}`, `{cert}`, `{key}` and `{app}` filled in, where `{app}` is the built probe module
 * (`probes/remote-app.js`) and the environment variable `TSGI_CONFORMANCE_PROBE` says which probe it serves.
 * Scenarios whose probe app records what it saw in this process, or that need server options or the server log,
 * are skipped with that reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { FIXTURE_PATHS } from '../fixtures.js';
import { PROBE_ENV } from '../probes/remote-app.js';
import { remoteProbeOf } from '../probes/tag.js';
import { SkipScenarioError } from '../skip.js';
import type { Protocol, Target } from '../types.js';
import { sleep } from '../util.js';

/** Path of the built probe module a command serves as `{app}`. */
export const REMOTE_APP_PATH = fileURLToPath(new URL('../probes/remote-app.js', import.meta.url));

/** A free local port (bound, read, released). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Fills the placeholders of a command line (each value shell-quoted). */
export function fillCommand(command: string, values: Record<string, string>): string {
  const quote = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
  return command.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? quote(values[name]!) : whole));
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Options of {@link commandTarget}. */
export interface CommandTargetOptions {
  readonly protocols?: readonly Protocol[];
  /** Time the command gets to start listening, ms. Default 15000. */
  readonly startTimeoutMs?: number;
  /** Where the command's output goes. Default: discarded. */
  readonly output?: (chunk: string) => void;
}

/** A target that runs `command` (a shell command line) once per server a scenario starts. */
export function commandTarget(command: string, options: CommandTargetOptions = {}): Target {
  const host = '127.0.0.1';
  return {
    name: `command: ${command}`,
    ...(options.protocols ? { protocols: options.protocols } : {}),
    async start(app, { logger: _logger, tls, ...serverOptions }) {
      const probe = remoteProbeOf(app);
      if (!probe) throw new SkipScenarioError('its probe app runs in-process only (it records what it saw, or is not a probes/remote-app.ts probe)');
      const named = Object.keys(serverOptions);
      if (named.length > 0) throw new SkipScenarioError(`needs server options a command cannot take: ${named.join(', ')}`);
      const [port, tlsPort] = [await freePort(host), await freePort(host)];
      const line = fillCommand(command, {
        port: String(port), tlsPort: String(tlsPort), app: REMOTE_APP_PATH,
        cert: fileURLToPath(FIXTURE_PATHS.cert), key: fileURLToPath(FIXTURE_PATHS.key),
      });
      const child = spawn(line, { shell: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, [PROBE_ENV]: JSON.stringify(probe) } });
      const out = options.output ?? (() => {});
      child.stdout?.on('data', (c: Buffer) => out(c.toString()));
      child.stderr?.on('data', (c: Buffer) => out(c.toString()));
      const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
      const wantsTls = command.includes('{tlsPort}');
      while (!(await accepts(host, port)) || (wantsTls && !(await accepts(host, tlsPort)))) {
        if (child.exitCode !== null) throw new Error(`the command exited with ${child.exitCode} before listening: ${line}`);
        if (Date.now() > deadline) {
          await stop(child);
          throw new Error(`the command did not listen on ${port} and ${tlsPort} in time: ${line}`);
        }
        await sleep(50);
      }
      return {
        h1: { host, port },
        ...(wantsTls ? { tls: { host, port: tlsPort, ca: tls.cert } } : {}),
        sharesLog: false,
        close: () => stop(child),
      };
    },
  };
}
