import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readCommandLine } from '../src/command-line.js';
import { findConfigFile, loadConfigFile } from '../src/config-file.js';
import { CliError } from '../src/errors.js';
import { loadSettings } from '../src/load-settings.js';

function tempDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function loadFailure(file: string, cwd: string): Promise<CliError> {
  try {
    await loadConfigFile(file, cwd);
  } catch (error) {
    if (error instanceof CliError) return error;
    throw error;
  }
  throw new Error(`${file} loaded`);
}

const TS_CONFIG = `
// TypeScript: a type annotation, an interface and a comment, which JSON and a bare import() would refuse.
interface Listen { bind: string[] }
const listen: Listen = { bind: ['0.0.0.0:8000', 'unix:/run/tsgi.sock'] };
export default {
  app: 'src/app.ts',
  server: 'node',
  workers: 2,
  ...listen,
  trustedProxy: ['10.0.0.0/8'],
  accessLogFormat: 'json' as const,
  tlsCert: 'certs/cert.pem',
};
`;

describe('config files', () => {
  it('loads a .ts config through tsx; app and certificate paths are relative to the file', async () => {
    const dir = tempDir({ 'tsgi.config.ts': TS_CONFIG });
    const config = await loadConfigFile('tsgi.config.ts', dir);
    expect(config).toEqual({
      path: join(dir, 'tsgi.config.ts'),
      given: {
        app: join(dir, 'src/app.ts'),
        server: 'node',
        workers: 2,
        bind: ['0.0.0.0:8000', 'unix:/run/tsgi.sock'],
        trustedProxy: ['10.0.0.0/8'],
        accessLogFormat: 'json',
        tlsCert: join(dir, 'certs/cert.pem'),
      },
    });
  });

  it('loads a .mjs config; an app export name is kept', async () => {
    const dir = tempDir({ 'conf/site.mjs': "export default { app: '../app.js:main', port: 0, logFormat: 'json' };" });
    const config = await loadConfigFile('conf/site.mjs', dir);
    expect(config.given).toEqual({ app: `${join(dir, 'app.js')}:main`, port: 0, logFormat: 'json' });
  });

  it('loads the example that imports defineConfig from @tsgi/cli', async () => {
    const file = fileURLToPath(new URL('fixtures/config/tsgi.config.ts', import.meta.url));
    const config = await loadConfigFile(file);
    expect(config.given.server).toBe('node');
    expect(config.given.app).toBe(fileURLToPath(new URL('../../app-hello/src/app.ts', import.meta.url)));
  });

  it.each([
    ['an unknown key', "export default { port: 1, wrokers: 2 };", 'unknown option "wrokers" (did you mean "workers"?)'],
    ['a wrong type', "export default { workers: '2' };", 'workers must be an integer 1..1024, got "2"'],
    ['a bad address', "export default { bind: ['0.0.0.0:80', 'localhost'] };", 'bind: "localhost" is not an address: no port'],
    ['no default export', 'export const port = 1;', 'has no default export'],
  ])('%s: names the file and the key', async (_, text, message) => {
    const dir = tempDir({ 'tsgi.config.mjs': text });
    const error = await loadFailure('tsgi.config.mjs', dir);
    expect(error.code).toBe('TSGI_CLI_CONFIG');
    expect(error.message).toContain(join(dir, 'tsgi.config.mjs'));
    expect(error.message).toContain(message);
  });

  it('a missing file', async () => {
    const dir = tempDir({});
    const error = await loadFailure('nope.config.ts', dir);
    expect(error.code).toBe('TSGI_CLI_CONFIG');
    expect(error.message).toBe(`cannot find the config file nope.config.ts (looked at ${join(dir, 'nope.config.ts')})`);
  });

  it('a file that does not compile or throws', async () => {
    const dir = tempDir({ 'bad.ts': 'export default { port: 1 ', 'throws.mjs': "throw new Error('no config today');" });
    expect((await loadFailure('bad.ts', dir)).message).toContain(`cannot load the config file ${join(dir, 'bad.ts')}: `);
    expect((await loadFailure('throws.mjs', dir)).message).toBe(`cannot load the config file ${join(dir, 'throws.mjs')}: no config today`);
  });

  it('is looked for in the current directory: none, one, or several (refused)', () => {
    expect(findConfigFile(tempDir({}))).toBeNull();
    const one = tempDir({ 'tsgi.config.mjs': 'export default {};' });
    expect(findConfigFile(one)).toBe(join(one, 'tsgi.config.mjs'));
    const two = tempDir({ 'tsgi.config.ts': 'export default {};', 'tsgi.config.js': 'export default {};' });
    expect(() => findConfigFile(two)).toThrow(`several config files: ${join(two, 'tsgi.config.ts')}, ${join(two, 'tsgi.config.js')}`);
  });

  it('--config and TSGI_CONFIG name the file; the default lookup finds one in the directory', async () => {
    const dir = tempDir({
      'tsgi.config.mjs': 'export default { port: 1 };',
      'a.mjs': 'export default { port: 2 };',
      'b.mjs': 'export default { port: 3 };',
    });
    const port = async (argv: string[], env: Record<string, string>) => {
      const { values, sources } = await loadSettings(readCommandLine(argv), env, dir);
      return [values.port, sources.port.from];
    };
    expect(await port([], {})).toEqual([1, join(dir, 'tsgi.config.mjs')]);
    expect(await port([], { TSGI_CONFIG: 'b.mjs' })).toEqual([3, join(dir, 'b.mjs')]);
    expect(await port(['--config', 'a.mjs'], { TSGI_CONFIG: 'b.mjs' })).toEqual([2, join(dir, 'a.mjs')]);
    expect(await port(['--config', 'a.mjs', '--port', '4'], { TSGI_PORT: '5' })).toEqual([4, '--port']);
  });
});
