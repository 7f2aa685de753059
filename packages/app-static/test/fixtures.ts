/** @module Temporary file trees for the tests: a served root, files outside it, and symlinks between them. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** Text every file outside the root contains; no response may ever carry it. */
export const SECRET = 'TOP-SECRET-OUTSIDE-THE-ROOT';

export interface Fixture {
  /** The temporary directory holding everything. */
  readonly base: string;
  /** The served root: `<base>/root`. */
  readonly root: string;
  /** A directory next to the root, with secrets. */
  readonly outside: string;
  /** Removes the whole tree. */
  cleanup(): void;
}

/** A fixed modification time for the files whose dates the tests compare: 2024-01-02T03:04:05Z. */
export const MTIME = new Date('2024-01-02T03:04:05Z');
export const MTIME_HTTP = 'Tue, 02 Jan 2024 03:04:05 GMT';

/** Writes `content` to `path`, creating parent directories, and sets its mtime to {@link MTIME}. */
function put(path: string, content: string | Uint8Array): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, MTIME, MTIME);
}

/**
 * Builds the tree:
 *
 * ```
 * base/outside/secret.txt, outside/dir/index.html   (secrets)
 * base/rootx/secret.txt                              (a sibling whose name starts with the root's name)
 * base/root/hello.txt, index.html, data.json, app.js, image.svg, logo.png, archive.tar.xz, noext, café.txt, ...
 * base/root/sub/index.html, empty/, .env, .git/config, public/.hidden/x.txt
 * base/root/page.html(.br|.gz), only-gz.css(.gz), leak.txt(.br -> outside)
 * base/root/link-out -> ../outside/secret.txt, link-out-dir -> ../outside, link-rootx -> ../rootx/secret.txt,
 * base/root/link-in -> hello.txt, link-dot -> .env
 * base/root/sub/deep/link-out-deep -> ../../../outside, sub/link-git -> ../.git (links below the first level)
 * ```
 */
export function makeFixture(): Fixture {
  const base = mkdtempSync(join(tmpdir(), 'app-static-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  put(join(outside, 'secret.txt'), SECRET);
  put(join(outside, 'dir', 'index.html'), SECRET);
  put(join(base, 'rootx', 'secret.txt'), SECRET);
  put(join(base, 'secret.txt'), SECRET);
  put(join(base, 'root.txt'), SECRET);

  put(join(root, 'hello.txt'), 'Hello, static world\n');
  put(join(root, 'index.html'), '<!doctype html><title>root</title>\n');
  put(join(root, 'data.json'), '{"a":1}\n');
  put(join(root, 'app.js'), 'console.log(1);\n');
  put(join(root, 'image.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  put(join(root, 'logo.png'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
  put(join(root, 'archive.tar.xz'), new Uint8Array([0xfd, 0x37, 0x7a]));
  put(join(root, 'noext'), 'no extension\n');
  put(join(root, 'weird.unknownext'), 'unknown extension\n');
  put(join(root, 'café.txt'), 'café\n');
  put(join(root, '100%.txt'), 'percent\n');
  put(join(root, 'empty.txt'), '');
  put(join(root, 'digits.txt'), '0123456789');
  put(join(root, 'sub', 'index.html'), '<p>sub</p>\n');
  put(join(root, 'sub', 'inner.txt'), 'inner\n');
  mkdirSync(join(root, 'sub', 'deep'));
  put(join(root, 'café-dir', 'index.html'), '<p>café</p>\n');
  mkdirSync(join(root, 'empty'));
  put(join(root, '.env'), 'DOTFILE=1\n');
  put(join(root, '.git', 'config'), '[core]\n');
  put(join(root, 'public', '.hidden', 'x.txt'), 'hidden\n');

  const page = '<!doctype html><p>' + 'compressible '.repeat(200) + '</p>\n';
  put(join(root, 'page.html'), page);
  put(join(root, 'page.html.br'), brotliCompressSync(page));
  put(join(root, 'page.html.gz'), gzipSync(page));
  const css = 'body { color: red; }\n'.repeat(50);
  put(join(root, 'only-gz.css'), css);
  put(join(root, 'only-gz.css.gz'), gzipSync(css));
  put(join(root, 'leak.txt'), 'the identity leak.txt\n');
  symlinkSync(join(outside, 'secret.txt'), join(root, 'leak.txt.br'));

  symlinkSync('../outside/secret.txt', join(root, 'link-out'));
  symlinkSync('../outside', join(root, 'link-out-dir'));
  symlinkSync('../rootx/secret.txt', join(root, 'link-rootx'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link-abs'));
  symlinkSync('hello.txt', join(root, 'link-in'));
  symlinkSync('.env', join(root, 'link-dot'));
  symlinkSync('../../../outside', join(root, 'sub', 'deep', 'link-out-deep'));
  symlinkSync('../.git', join(root, 'sub', 'link-git'));
  return { base, root, outside, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
