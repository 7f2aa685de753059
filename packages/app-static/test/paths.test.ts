/** Path safety: hostile paths, symlinks, dotfiles, index files and the directory redirect. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticFiles } from '../src/index.js';
import { decodePath, runApp, type FakeRequest } from './fake-server.js';
import { makeFixture, SECRET, type Fixture } from './fixtures.js';

let fx: Fixture;
beforeAll(() => {
  fx = makeFixture();
});
afterAll(() => fx.cleanup());

const F = '\uFFFD';

/** [rawPath, the decoded path a server gives for it, expected status]. */
const HOSTILE: readonly (readonly [raw: string, path: string, status: 400 | 404])[] = [
  ['/../secret.txt', '/../secret.txt', 400],
  ['/../../etc/passwd', '/../../etc/passwd', 400],
  ['/..', '/..', 400],
  ['/sub/..', '/sub/..', 400],
  ['/sub/../../secret.txt', '/sub/../../secret.txt', 400],
  ['/%2e%2e/secret.txt', '/../secret.txt', 400],
  ['/%2e%2e/%2e%2e/etc/passwd', '/../../etc/passwd', 400],
  ['/%2E%2E/secret.txt', '/../secret.txt', 400],
  ['/.%2e/secret.txt', '/../secret.txt', 400],
  ['/%2e./secret.txt', '/../secret.txt', 400],
  ['/%2e%2e', '/..', 400],
  ['/sub/%2e%2e/%2e%2e/secret.txt', '/sub/../../secret.txt', 400],
  ['/./hello.txt', '/./hello.txt', 400],
  ['/%2e/hello.txt', '/./hello.txt', 400],
  ['/..%2fsecret.txt', '/../secret.txt', 400],
  ['/..%2Fsecret.txt', '/../secret.txt', 400],
  ['/%2e%2e%2fsecret.txt', '/../secret.txt', 400],
  ['/sub%2f..%2f..%2fsecret.txt', '/sub/../../secret.txt', 400],
  ['/%2fetc%2fpasswd', '//etc/passwd', 400],
  ['/..%5csecret.txt', '/..\\secret.txt', 400],
  ['/..%5Csecret.txt', '/..\\secret.txt', 400],
  ['/%2e%2e%5c%2e%2e%5csecret.txt', '/..\\..\\secret.txt', 400],
  ['/..\\secret.txt', '/..\\secret.txt', 400],
  ['/sub\\..\\..\\secret.txt', '/sub\\..\\..\\secret.txt', 400],
  ['/hello.txt%00.png', '/hello.txt\0.png', 400],
  ['/%00', '/\0', 400],
  ['/..%00/secret.txt', '/..\0/secret.txt', 400],
  ['/%0d%0aset-cookie:x', '/\r\nset-cookie:x', 400],
  ['/%c0%ae%c0%ae/secret.txt', `/${F}${F}${F}${F}/secret.txt`, 400],
  ['/%c0%af../secret.txt', `/${F}${F}../secret.txt`, 400],
  ['/%e0%80%ae%e0%80%ae/secret.txt', `/${F}${F}${F}${F}${F}${F}/secret.txt`, 400],
  ['/%c1%9c../secret.txt', `/${F}${F}../secret.txt`, 400],
  ['/\u00c0\u00ae\u00c0\u00ae/secret.txt', `/${F}${F}${F}${F}/secret.txt`, 400],
  ['hello.txt', 'hello.txt', 400],
  ['../secret.txt', '../secret.txt', 400],
  ['//etc/passwd', '//etc/passwd', 404],
  ['/sub//../secret.txt', '/sub//../secret.txt', 404],
  ['/etc/passwd', '/etc/passwd', 404],
  ['/C:/Windows/win.ini', '/C:/Windows/win.ini', 404],
  ['/c:%5cwindows%5cwin.ini', '/c:\\windows\\win.ini', 400],
  ['/%252e%252e/secret.txt', '/%2e%2e/secret.txt', 404],
  ['/..;/secret.txt', '/..;/secret.txt', 404],
  ['/%u002e%u002e/secret.txt', '/%u002e%u002e/secret.txt', 404],
  ['/link-out', '/link-out', 404],
  ['/link-abs', '/link-abs', 404],
  ['/link-rootx', '/link-rootx', 404],
  ['/link-out-dir/secret.txt', '/link-out-dir/secret.txt', 404],
  ['/link-out-dir/dir/', '/link-out-dir/dir/', 404],
  ['/link-out-dir/', '/link-out-dir/', 404],
  ['/sub/deep/link-out-deep/secret.txt', '/sub/deep/link-out-deep/secret.txt', 404],
  ['/sub/link-git/config', '/sub/link-git/config', 404],
  ['/.env', '/.env', 404],
  ['/%2eenv', '/.env', 404],
  ['/.git/config', '/.git/config', 404],
  ['/public/.hidden/x.txt', '/public/.hidden/x.txt', 404],
  ['/link-dot', '/link-dot', 404],
];

describe('hostile paths', () => {
  it('the table is large and each decoded path is what a server would give', () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(30);
    for (const [raw, path] of HOSTILE) expect(decodePath(raw), raw).toBe(path);
  });

  it.each(HOSTILE)('%j (path %j) is %i and reveals nothing', async (raw, path, status) => {
    const app = staticFiles(fx.root);
    for (const method of ['GET', 'HEAD']) {
      for (const pathsend of [false, true]) {
        const res = await runApp(app, { method, rawPath: raw, path, pathsend });
        expect(res.error).toBeUndefined();
        expect(res.status).toBe(status);
        expect(res.body.toString('latin1')).not.toContain(SECRET);
        expect(res.pathsend).toBeUndefined();
        expect(res.complete).toBe(true);
      }
    }
  });

  it('the absolute path of a file outside, as a route, is looked up under the root', async () => {
    const raw = join(fx.outside, 'secret.txt');
    const res = await runApp(staticFiles(fx.root), { rawPath: raw });
    expect(res.status).toBe(404);
  });

  it('hostile paths under a rootPath', async () => {
    const app = staticFiles(fx.root);
    const cases: [string, number][] = [
      ['/static/../secret.txt', 400],
      ['/static/%2e%2e/secret.txt', 400],
      ['/static%2f..%2fsecret.txt', 400],
      ['/static/..%2f..%2fsecret.txt', 400],
    ];
    for (const [rawPath, status] of cases) {
      const res = await runApp(app, { rawPath, rootPath: '/static' });
      expect(res.status, rawPath).toBe(status);
    }
  });

  it('refuses a request whose rawPath and path disagree', async () => {
    const res = await runApp(staticFiles(fx.root), { rawPath: '/hello.txt', path: '/../secret.txt' });
    expect(res.status).toBe(400);
    const res2 = await runApp(staticFiles(fx.root), { rawPath: '/..%2fsecret.txt', path: '/hello.txt' });
    expect(res2.status).toBe(400);
  });

  it('a precompressed sibling that is a symlink out of the root is not used', async () => {
    const app = staticFiles(fx.root, { precompressed: true });
    const res = await runApp(app, { rawPath: '/leak.txt', headers: [['accept-encoding', 'br']] });
    expect(res.status).toBe(200);
    expect(res.header('content-encoding')).toBeUndefined();
    expect(res.body.toString()).toBe('the identity leak.txt\n');
  });
});

describe('symlinks', () => {
  it('follows a symlink that stays inside the root', async () => {
    const res = await runApp(staticFiles(fx.root), { rawPath: '/link-in' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('Hello, static world\n');
  });

  it('serves symlinks out of the root with followSymlinksOutsideRoot', async () => {
    const app = staticFiles(fx.root, { followSymlinksOutsideRoot: true });
    for (const rawPath of ['/link-out', '/link-abs', '/link-rootx', '/link-out-dir/secret.txt', '/sub/deep/link-out-deep/secret.txt']) {
      const res = await runApp(app, { rawPath });
      expect(res.status, rawPath).toBe(200);
      expect(res.body.toString()).toBe(SECRET);
    }
    // The option never lets `..` through.
    expect((await runApp(app, { rawPath: '/%2e%2e/secret.txt' })).status).toBe(400);
  });
});

describe('dotfiles', () => {
  it("serves dotfiles with dotfiles: 'allow'", async () => {
    const app = staticFiles(fx.root, { dotfiles: 'allow' });
    for (const [rawPath, body] of [
      ['/.env', 'DOTFILE=1\n'],
      ['/%2eenv', 'DOTFILE=1\n'],
      ['/.git/config', '[core]\n'],
      ['/public/.hidden/x.txt', 'hidden\n'],
      ['/link-dot', 'DOTFILE=1\n'],
    ] as const) {
      const res = await runApp(app, { rawPath });
      expect(res.status, rawPath).toBe(200);
      expect(res.body.toString()).toBe(body);
    }
    expect((await runApp(app, { rawPath: '/..' })).status).toBe(400);
    expect((await runApp(app, { rawPath: '/.' })).status).toBe(400);
  });

  it('serves a root that itself lies in a dot-directory', async () => {
    const res = await runApp(staticFiles(join(fx.root, '.git')), { rawPath: '/config' });
    expect(res.status).toBe(200);
  });
});

describe('index.html and the directory redirect', () => {
  const get = (request: FakeRequest, options = {}) => runApp(staticFiles(fx.root, options), request);

  it('serves index.html for /', async () => {
    const res = await get({ rawPath: '/' });
    expect(res.status).toBe(200);
    expect(res.header('content-type')).toBe('text/html; charset=utf-8');
    expect(res.body.toString()).toBe('<!doctype html><title>root</title>\n');
  });

  it('serves index.html for a directory with its slash', async () => {
    const res = await get({ rawPath: '/sub/' });
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<p>sub</p>\n');
  });

  it('redirects a directory without its slash, keeping the query', async () => {
    const res = await get({ rawPath: '/sub', queryString: 'a=1&b=%20' });
    expect(res.status).toBe(301);
    expect(res.header('location')).toBe('/sub/?a=1&b=%20');
    expect((await get({ rawPath: '/sub' })).header('location')).toBe('/sub/');
    expect((await get({ rawPath: '/empty' })).header('location')).toBe('/empty/');
  });

  it('percent-encodes the location', async () => {
    const res = await get({ rawPath: '/caf%C3%A9-dir' });
    expect(res.status).toBe(301);
    expect(res.header('location')).toBe('/caf%C3%A9-dir/');
    expect((await get({ rawPath: '/caf%C3%A9-dir/' })).body.toString()).toBe('<p>café</p>\n');
  });

  it('redirects with 308 when asked', async () => {
    expect((await get({ rawPath: '/sub' }, { redirectStatus: 308 })).status).toBe(308);
  });

  it('redirects under a rootPath, from the mount point itself too', async () => {
    const sub = await get({ rawPath: '/static/sub', rootPath: '/static' });
    expect(sub.status).toBe(301);
    expect(sub.header('location')).toBe('/static/sub/');
    const mount = await get({ rawPath: '/static', rootPath: '/static', queryString: 'x' });
    expect(mount.status).toBe(301);
    expect(mount.header('location')).toBe('/static/?x');
    const index = await get({ rawPath: '/static/', rootPath: '/static' });
    expect(index.status).toBe(200);
    expect(index.body.toString()).toBe('<!doctype html><title>root</title>\n');
    const file = await get({ rawPath: '/static/sub/inner.txt', rootPath: '/static' });
    expect(file.body.toString()).toBe('inner\n');
  });

  it('strips a rootPath that is percent-encoded in rawPath', async () => {
    const res = await get({ rawPath: '/st%C3%A4tic/caf%C3%A9-dir', rootPath: '/stätic' });
    expect(res.status).toBe(301);
    expect(res.header('location')).toBe('/st%C3%A4tic/caf%C3%A9-dir/');
    const ok = await get({ rawPath: '/st%C3%A4tic/caf%C3%A9.txt', rootPath: '/stätic' });
    expect(ok.body.toString()).toBe('café\n');
  });

  it('a HEAD redirect has no body', async () => {
    const res = await get({ method: 'HEAD', rawPath: '/sub' });
    expect(res.status).toBe(301);
    expect(res.bodyLength).toBe(0);
  });

  it('404 for a directory without index, with index: false, and for a file with a trailing slash', async () => {
    expect((await get({ rawPath: '/empty/' })).status).toBe(404);
    expect((await get({ rawPath: '/sub/' }, { index: false })).status).toBe(404);
    expect((await get({ rawPath: '/hello.txt/' })).status).toBe(404);
    expect((await get({ rawPath: '/missing.txt' })).status).toBe(404);
  });

  it('serves names with a literal %, and UTF-8 names', async () => {
    expect((await get({ rawPath: '/100%25.txt' })).body.toString()).toBe('percent\n');
    expect((await get({ rawPath: '/100%.txt' })).body.toString()).toBe('percent\n');
    expect((await get({ rawPath: '/caf%C3%A9.txt' })).body.toString()).toBe('café\n');
  });

  it('answers 404 when the root does not exist', async () => {
    const res = await runApp(staticFiles(join(fx.base, 'nope')), { rawPath: '/hello.txt' });
    expect(res.status).toBe(404);
  });
});
