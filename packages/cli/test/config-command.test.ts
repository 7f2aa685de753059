import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listening, root, tsgi, tsgiWith } from './run-cli.js';

const EXAMPLE = 'packages/cli/test/fixtures/config/tsgi.config.ts';
const HELLO = join(root, 'packages/app-hello/src/app.ts');

/** The `tsgi config` table as option -> [value, source]. */
function table(text: string): Map<string, [string, string]> {
  const [header, ...rows] = text.trimEnd().split('\n');
  expect(header).toMatch(/^option\s+value\s+source$/);
  return new Map(
    rows.map((row) => {
      const [option, value, ...source] = row.split(/\s{2,}/);
      return [option!, [value!, source.join(' ')]];
    }),
  );
}

describe('tsgi config', () => {
  it('prints every option with its value and where it came from', async () => {
    const run = tsgiWith({ TSGI_LOG_LEVEL: 'debug', TSGI_WORKERS: '3' }, 'config', '--config', EXAMPLE, '--port', '9001', '--no-access-log');
    expect(await run.exit).toBe(0);
    const rows = table(run.stdout());
    const file = join(root, EXAMPLE);
    expect(rows.get('port')).toEqual(['9001', 'cli --port']);
    expect(rows.get('accessLog')).toEqual(['false', 'cli --access-log']);
    expect(rows.get('logLevel')).toEqual(['debug', 'env TSGI_LOG_LEVEL']);
    expect(rows.get('workers')).toEqual(['3', 'env TSGI_WORKERS']); // the environment over the file's 2
    expect(rows.get('server')).toEqual(['node', `file ${file}`]);
    expect(rows.get('trustedProxy')).toEqual(['10.0.0.0/8,unix', `file ${file}`]);
    expect(rows.get('app')).toEqual([HELLO, `file ${file}`]);
    expect(rows.get('host')).toEqual(['127.0.0.1', 'default']);
    expect(rows.get('config')).toEqual([EXAMPLE, 'cli --config']);
    expect([...rows.keys()]).toHaveLength(20);
    expect(run.stderr()).toBe(`tsgi: warning: bind in ${file} replaces --port: --port not used\n`);
  });

  it('--json prints the same as JSON', async () => {
    const run = tsgiWith({ TSGI_TRUSTED_PROXY: '::1,10.0.0.0/8' }, 'config', 'app.ts', '--bind', '[::1]:8000', '--json');
    expect(await run.exit).toBe(0);
    const settings = JSON.parse(run.stdout()) as Record<string, { value: unknown; source: string; from: string | null }>;
    expect(settings['app']).toEqual({ value: 'app.ts', source: 'cli', from: 'argument' });
    expect(settings['bind']).toEqual({ value: ['[::1]:8000'], source: 'cli', from: '--bind' });
    expect(settings['trustedProxy']).toEqual({ value: ['::1', '10.0.0.0/8'], source: 'env', from: 'TSGI_TRUSTED_PROXY' });
    expect(settings['workers']).toEqual({ value: 1, source: 'default', from: null });
    expect(settings['tlsCert']).toEqual({ value: null, source: 'default', from: null });
  });

  it('warns once about an unknown TSGI_ variable', async () => {
    const run = tsgiWith({ TSGI_WROKERS: '2' }, 'config');
    expect(await run.exit).toBe(0);
    expect(run.stderr()).toBe('tsgi: warning: TSGI_WROKERS is not a tsgi option (did you mean TSGI_WORKERS?); ignored\n');
  });

  it.each([
    [{}, ['--workers', '0'], 2, '--workers must be an integer 1..1024, got 0'],
    [{ TSGI_PORT: 'eighty' }, [], 1, 'tsgi: TSGI_PORT must be 0..65535, got eighty\n'],
    [{}, ['--config', 'missing.config.ts'], 1, 'cannot find the config file missing.config.ts'],
    [{}, ['--tls-bind', '0.0.0.0:443'], 2, '--tls-bind needs a certificate'],
  ])('refuses bad settings as serve would: %j %j', async (env, args, code, message) => {
    const run = tsgiWith(env, 'config', ...args);
    expect(await run.exit).toBe(code);
    expect(run.stderr()).toContain(message);
    expect(run.stdout()).toBe('');
  });

  it('a bad config file found in the current directory is named with its key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgi-cwd-'));
    writeFileSync(join(dir, 'tsgi.config.mjs'), "export default { proxyHeaders: 'x-real-ip' };");
    const run = tsgiWith({ cwd: dir }, 'config');
    expect(await run.exit).toBe(1);
    expect(run.stderr()).toBe(`tsgi: ${join(dir, 'tsgi.config.mjs')}: proxyHeaders must be x-forwarded or forwarded, got "x-real-ip"\n`);
  });
  it('names a config file found in the working directory as found there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgi-cwd-'));
    writeFileSync(join(dir, 'tsgi.config.mjs'), 'export default { workers: 2 };');
    const run = tsgiWith({ cwd: dir }, 'config');
    expect(await run.exit).toBe(0);
    const rows = table(run.stdout());
    expect(rows.get('workers')).toEqual(['2', `file ${join(dir, 'tsgi.config.mjs')}`]);
    expect(rows.get('config')).toEqual([join(dir, 'tsgi.config.mjs'), 'default (found in the working directory)']);
  });
});

describe('tsgi serve with the new sources', () => {
  it('serves the app named in the config file, with no argument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsgi-cwd-'));
    writeFileSync(join(dir, 'tsgi.config.mjs'), `export default { app: ${JSON.stringify(HELLO)}, port: 0 };`);
    const run = tsgiWith({ cwd: dir, TSGI_ACCESS_LOG: 'false' }, 'serve');
    const url = await listening(run);
    expect(await (await fetch(url)).text()).toBe('Hello, World');
    expect(run.stderr()).toContain(`serving ${HELLO} on ${url}`);
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe('');
  });

  it('--log-format json writes every server message on stderr as a JSON line, errors with their stack', async () => {
    const run = tsgi('serve', 'packages/cli/test/fixtures/throws.ts', '--port', '0', '--log-format', 'json', '--log-level', 'debug');
    const url = await listening(run);
    expect((await fetch(`${url}/x`)).status).toBe(500);
    await new Promise((r) => setTimeout(r, 100));
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
    const lines = run.stderr().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(expect.arrayContaining(['level', 'time', 'pid', 'msg']));
      expect(['error', 'warn', 'info', 'debug']).toContain(line['level']);
      expect(new Date(line['time'] as string).toISOString()).toBe(line['time']);
      expect(line['pid']).toBe(run.child.pid);
    }
    expect(lines.find((line) => String(line['msg']).startsWith('serving '))).toMatchObject({ level: 'info' });
    const failed = lines.find((line) => line['level'] === 'error' && line['err'] !== undefined);
    expect(failed).toBeDefined();
    const err = failed!['err'] as { type: string; message: string; stack: string };
    expect(err.message).toBe('boom in the app');
    expect(err.stack).toMatch(/^Error: boom in the app\n\s+at /);
    expect(lines.at(-1)).toMatchObject({ level: 'info', msg: 'stopped' });
    expect(run.stdout()).toContain('"GET /x HTTP/1.1" 500'); // the access log stays on stdout
  });

  it('--log-format json reports a failed start as a JSON line too', async () => {
    const run = tsgi('serve', 'packages/cli/test/fixtures/startup-fails.ts', '--port', '0', '--log-format', 'json');
    expect(await run.exit).toBe(1);
    const lines = run.stderr().trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.at(-1)).toMatchObject({ level: 'error', msg: 'application startup failed: database unreachable' });
  });
});
