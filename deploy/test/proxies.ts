/**
 * @module Starts nginx and HAProxy in the foreground from the config templates in deploy/configs/, each in a temp
 * directory of its own (config, pid, logs, temp files), and stops them by pid. The templates are the files the
 * docs show: the tests run exactly what a reader copies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, TOOLS, waitForPort } from './tools.js';

const CONFIGS = fileURLToPath(new URL('../configs/', import.meta.url));
const CERTS = fileURLToPath(new URL('../../packages/server/test/fixtures/certs/', import.meta.url));
/** The test certificate (CN localhost, SAN 127.0.0.1) and its key, as the proxies read them. */
export const CERT_FILE = join(CERTS, 'cert.pem');
export const KEY_FILE = join(CERTS, 'key.pem');

/** Replaces every `{{NAME}}` in `template`; throws on a placeholder without a value, so none reaches a proxy. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for the placeholder {{${name}}}`);
    return String(value);
  });
}

/** A proxy running in the foreground. */
export interface RunningProxy {
  /** The ports it listens on, by placeholder name (`LISTEN_PORT`, `LISTEN_PORT_V2`). */
  readonly ports: Readonly<Record<string, number>>;
  /** Its temp directory: config, pid file, logs. */
  readonly dir: string;
  /** What it wrote to stderr and its error log so far (for failure messages). */
  logs(): string;
  /** Stops it by pid (SIGTERM, then SIGKILL after 5 s) and removes its temp directory. */
  stop(): Promise<void>;
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = exitOf(child);
  process.kill(child.pid, 'SIGTERM');
  const timer = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

interface Launch {
  command: string;
  args: string[];
  dir: string;
  ports: Record<string, number>;
  errorLog: string | null;
}

async function launch({ command, args, dir, ports, errorLog }: Launch): Promise<RunningProxy> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const logs = (): string => {
    let log = '';
    try {
      if (errorLog !== null) log = readFileSync(errorLog, 'utf8');
    } catch {
      // not written yet
    }
    return `${output}${log}`;
  };
  const proxy: RunningProxy = {
    ports,
    dir,
    logs,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    for (const port of Object.values(ports)) await waitForPort(port, () => child.exitCode !== null || child.signalCode !== null);
  } catch (error) {
    const message = `${command} ${args.join(' ')}: ${(error as Error).message}\n${logs()}`;
    await proxy.stop();
    throw new Error(message);
  }
  return proxy;
}

function workDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tsgi-deploy-${name}-`));
  // nginx started as root runs its workers as `nobody`: they must reach the temp paths it creates in here.
  chmodSync(dir, 0o755);
  return dir;
}

/** nginx with deploy/configs/nginx.conf: TLS + HTTP/2 on a free port, proxying to 127.0.0.1:`upstreamPort`. */
export async function startNginx(upstreamPort: number): Promise<RunningProxy> {
  if (TOOLS.nginx === null) throw new Error('nginx is not installed');
  const dir = workDir('nginx');
  const ports = { LISTEN_PORT: await freePort() };
  const values = { ...ports, UPSTREAM_PORT: upstreamPort, CERT: CERT_FILE, KEY: KEY_FILE, TMPDIR: dir };
  const conf = join(dir, 'nginx.conf');
  writeFileSync(conf, fillTemplate(readFileSync(join(CONFIGS, 'nginx.conf'), 'utf8'), values));
  // -e: the error log before the config is read (the built-in default may be a system path)
  const args = ['-p', dir, '-c', conf, '-e', join(dir, 'error.log'), '-g', 'daemon off;'];
  return launch({ command: TOOLS.nginx, args, dir, ports, errorLog: join(dir, 'error.log') });
}

async function startHaproxy(name: string, values: Record<string, string | number>, ports: Record<string, number>, dir: string): Promise<RunningProxy> {
  if (TOOLS.haproxy === null) throw new Error('haproxy is not installed');
  const cfg = join(dir, name);
  writeFileSync(cfg, fillTemplate(readFileSync(join(CONFIGS, name), 'utf8'), { ...values, ...ports, TMPDIR: dir }));
  // -db: foreground, no daemon; logs go to stderr
  return launch({ command: TOOLS.haproxy, args: ['-f', cfg, '-db'], dir, ports, errorLog: null });
}

/** HAProxy with deploy/configs/haproxy-http.cfg: HTTP mode, TLS with ALPN h2/http1.1, forwarding to `upstreamPort`. */
export async function startHaproxyHttp(upstreamPort: number): Promise<RunningProxy> {
  const dir = workDir('haproxy-http');
  // HAProxy takes the certificate and its key in one PEM file
  const bundle = join(dir, 'cert-and-key.pem');
  writeFileSync(bundle, `${readFileSync(CERT_FILE, 'utf8')}\n${readFileSync(KEY_FILE, 'utf8')}`);
  return startHaproxy('haproxy-http.cfg', { UPSTREAM_PORT: upstreamPort, CERT_BUNDLE: bundle }, { LISTEN_PORT: await freePort() }, dir);
}

/** HAProxy with deploy/configs/haproxy-tcp.cfg: TCP mode, PROXY v1 on `LISTEN_PORT` and v2 on `LISTEN_PORT_V2`. */
export async function startHaproxyTcp(upstreamPort: number): Promise<RunningProxy> {
  const dir = workDir('haproxy-tcp');
  const ports = { LISTEN_PORT: await freePort(), LISTEN_PORT_V2: await freePort() };
  return startHaproxy('haproxy-tcp.cfg', { UPSTREAM_PORT: upstreamPort }, ports, dir);
}
