import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listening, root, tsgi, tsgiWith } from './run-cli.js';

describe('tsgi serve', () => {
  it('serves the hello app from its .ts file, logs each request, and stops cleanly on SIGTERM', async () => {
    const run = tsgi('serve', 'packages/app-hello/src/app.ts', '--port', '0');
    const url = await listening(run);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/some/path`, { method: 'POST', body: 'ignored' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).toBe('Hello, World');
    await new Promise((r) => setTimeout(r, 100));
    expect(run.stdout()).toMatch(/"POST \/some\/path HTTP\/1\.1" 200 12 "-" "[^"]*" \d+\.\d{3}$/m);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toContain('SIGTERM received');
  });

  it('--no-access-log turns the request lines off', async () => {
    const run = tsgi('serve', 'packages/app-hello/src/app.ts', '--port', '0', '--no-access-log');
    const url = await listening(run);
    await (await fetch(url)).text();
    await new Promise((r) => setTimeout(r, 100));
    expect(run.stdout()).toBe('');
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });

  it('loads a named export from a .js module', async () => {
    const run = tsgi('serve', 'packages/cli/test/fixtures/plain.js:greet', '--port', '0');
    const url = await listening(run);
    expect(await (await fetch(url)).text()).toBe('greet');
  });

  it.each([
    [['serve', 'no/such/app.ts'], 1, 'cannot find the app module no/such/app.ts'],
    [['serve', 'packages/cli/test/fixtures/plain.js'], 1, 'has no app: expected a default export or an export named "app"'],
    [['serve', 'packages/cli/test/fixtures/plain.js:nope'], 1, 'has no app: expected an export named "nope"; its exports: greet, notAnApp'],
    [['serve', 'packages/cli/test/fixtures/plain.js:notAnApp'], 1, 'export "notAnApp" is a number, not an app function'],
    [['serve', 'packages/cli/test/fixtures/startup-fails.ts', '--port', '0'], 1, 'application startup failed: database unreachable'],
    [['serve', 'a.ts', '--port', 'http'], 2, '--port must be 0..65535'],
    [['serve', 'a.ts', '--log-level', 'loud'], 2, '--log-level must be'],
    [['serve'], 2, 'exactly one app module'],
    [['bogus'], 2, 'unknown command "bogus"'],
    [['serve', 'packages/app-hello/src/app.ts', '--server', 'tornado'], 2, '--server must be reference or node, got tornado'],
    [['serve', 'packages/app-hello/src/app.ts', '--tls-cert', 'x.pem'], 2, '--tls-cert and --tls-key go together'],
    [['serve', 'packages/app-hello/src/app.ts', '--tls-cert', 'no.pem', '--tls-key', 'no.pem'], 1, 'cannot read no.pem'],
    [['serve', 'packages/app-hello/src/app.ts', '--self-signed', '--tls-cert', 'x.pem'], 2, '--self-signed replaces'],
    [['serve', 'packages/app-hello/src/app.ts', '--tls-port', '99999'], 2, '--tls-port must be 0..65535'],
  ])('tsgi %j exits %i with a clear message', async (args, code, message) => {
    const run = tsgi(...args);
    expect(await run.exit).toBe(code);
    expect(run.stderr()).toContain(message);
    expect(run.stderr()).not.toMatch(/\n\s+at /); // no stack trace for a user error
  });

  it('reports a port in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const { port } = blocker.address() as { port: number };
    const run = tsgi('serve', 'packages/app-hello/src/app.ts', '--port', String(port));
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toContain(`127.0.0.1:${port} is already in use`);
    blocker.close();
  });

  it('serves HTTPS (h2 and HTTP/1.1) next to cleartext with --tls-cert and --tls-key', async () => {
    const certs = 'packages/server/test/fixtures/certs';
    const run = tsgi('serve', 'packages/app-hello/src/app.ts', '--port', '0', '--tls-port', '0', '--tls-cert', `${certs}/cert.pem`, '--tls-key', `${certs}/key.pem`);
    const url = await listening(run, 'https');
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const curl = promisify(execFile);
    const secure = await curl('curl', ['-sS', '-i', '--cacert', `${root}/${certs}/cert.pem`, url.replace('127.0.0.1', 'localhost')]);
    expect(secure.stdout).toMatch(/^HTTP\/2 200/);
    expect(secure.stdout.endsWith('Hello, World')).toBe(true);
    const plain = await curl('curl', ['-sS', '--http2-prior-knowledge', await listening(run, 'http')]);
    expect(plain.stdout).toBe('Hello, World');
  });

  it('--self-signed makes and caches a localhost certificate and says how to trust it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'tsgi-cache-'));
    const run = tsgiWith({ XDG_CACHE_HOME: cache }, 'serve', 'packages/app-hello/src/app.ts', '--port', '0', '--tls-port', '0', '--self-signed');
    const url = await listening(run, 'https');
    expect(run.stderr()).toMatch(/self-signed certificate|using /);
    expect(run.stderr()).toContain('curl --cacert');
    const certPath = /curl --cacert (\S+)/.exec(run.stderr())![1]!;
    expect(certPath).toBe(join(cache, 'tsgi', 'localhost-cert.pem'));
    const { stdout } = await promisify(execFile)('curl', ['-sS', '--cacert', certPath, url.replace('127.0.0.1', 'localhost')]);
    expect(stdout).toBe('Hello, World');
  });

  it('--server node serves the same app from Node\'s built-in servers, on the same protocols', async () => {
    const certs = 'packages/server/test/fixtures/certs';
    const run = tsgi('serve', 'packages/app-hello/src/app.ts', '--server', 'node', '--port', '0', '--tls-port', '0', '--tls-cert', `${certs}/cert.pem`, '--tls-key', `${certs}/key.pem`);
    const plainUrl = await listening(run, 'http');
    const secureUrl = await listening(run, 'https');
    expect(run.stderr()).toContain('(node server,');
    const curl = promisify(execFile);
    expect((await curl('curl', ['-sS', plainUrl])).stdout).toBe('Hello, World');
    expect((await curl('curl', ['-sS', '--http2-prior-knowledge', plainUrl])).stdout).toBe('Hello, World');
    const secure = await curl('curl', ['-sS', '-i', '--cacert', `${root}/${certs}/cert.pem`, secureUrl.replace('127.0.0.1', 'localhost')]);
    expect(secure.stdout).toMatch(/^HTTP\/2 200/);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('--help prints the usage and exits 0', async () => {
    const run = tsgi('serve', '--help');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toContain('Usage: tsgi serve <module>[:export]');
  });
});

describe('tsgi serve --workers', () => {
  it('forks the workers, announces each listener once, loads the app only in the workers, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgi-workers-'));
    const appFile = join(dir, 'pid-app.mjs');
    // The module marks where it was imported: a primary that imported it would print the marker too.
    writeFileSync(
      appFile,
      `process.stderr.write('app module loaded in pid ' + process.pid + '\\n');
export default async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error('unsupported scope ' + scope.type);
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
  await send({ type: 'http.response.body', body: new TextEncoder().encode(String(process.pid)) });
};
`,
    );
    const run = tsgi('serve', appFile, '--port', '0', '--workers', '2', '--no-access-log');
    const url = await listening(run);
    const pids = new Set<string>();
    for (let i = 0; i < 20; i++) pids.add(await getOnNewConnection(url));
    expect(pids.size).toBe(2);
    expect(pids.has(String(run.child.pid))).toBe(false);
    const loadedIn = [...run.stderr().matchAll(/app module loaded in pid (\d+)/g)].map((m) => m[1]);
    expect(new Set(loadedIn)).toEqual(pids);
    expect(run.stderr().match(/serving .* on http:/g)).toHaveLength(1);
    expect(run.stderr()).toContain('2 workers');
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });
});

/** GET `url` on a connection of its own (no pool), so the cluster's round-robin sees each request. */
function getOnNewConnection(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    httpGet(url, { agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}
