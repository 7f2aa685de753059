/**
 * HTTP/2 response DATA is queued as views of the app's and pathsend's chunks (no copy), and pathsend reuses a chunk's
 * buffer once the port releases it after the socket write. These tests send several different multi-MiB files and
 * app bodies at once on one connection, with windows small enough that chunks wait half-sent, and check every byte:
 * a chunk released (and refilled with another file) before its bytes were written would show as corrupt bodies.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { connect, constants, type ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Application } from '@tsgi/spec';
import type { Server } from '../src/index.js';
import { readBody, start } from './helpers.js';

const MiB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'tsgi-h2-zero-copy-'));
const files = Array.from({ length: 6 }, (_, i) => {
  const content = randomBytes(2 * MiB + i * 77_777); // several pathsend chunks each, none a multiple of them
  const path = join(dir, `file-${i}.bin`);
  writeFileSync(path, content);
  return { path, content };
});
const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const app: Application = async (scope, receive, send) => {
  if (scope.type !== 'http') throw new Error('http only');
  await readBody(receive);
  const [kind, index] = scope.path.slice(1).split('/');
  const file = files[Number(index)]!;
  await send({ type: 'http.response.start', status: 200, headers: [['content-length', String(file.content.length)]] });
  if (kind === 'file') {
    await send({ type: 'http.response.pathsend', path: file.path });
    return;
  }
  // An app body in uneven pieces, each a fresh copy that the app never touches again (spec MSG-BODY-OWNERSHIP).
  for (let at = 0; at < file.content.length; ) {
    const size = Math.min(file.content.length - at, 5_000 + ((at * 31) % 300_000));
    await send({ type: 'http.response.body', body: file.content.slice(at, at + size), moreBody: at + size < file.content.length });
    at += size;
  }
};

let server: Server;
let port: number;
beforeAll(async () => {
  ({ server, port } = await start(app));
});
afterAll(() => server.close());

function session(initialWindowSize: number): Promise<ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const s = connect(`http://127.0.0.1:${port}`, { settings: { initialWindowSize } });
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** GETs `path` and resolves with the body's sha256; `slow` pauses the reader now and then, so the window closes. */
function fetchDigest(s: ClientHttp2Session, path: string, slow: boolean): Promise<{ status: number; digest: string; length: number }> {
  return new Promise((resolve, reject) => {
    const req = s.request({ ':path': path });
    const hash = createHash('sha256');
    let status = 0;
    let length = 0;
    let chunks = 0;
    req.on('response', (h) => (status = Number(h[constants.HTTP2_HEADER_STATUS])));
    req.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      length += chunk.length;
      if (slow && ++chunks % 16 === 0) {
        req.pause();
        setTimeout(() => req.resume(), 5);
      }
    });
    req.on('end', () => resolve({ status, digest: hash.digest('hex'), length }));
    req.on('error', reject);
  });
}

describe('HTTP/2 DATA without copies (large payloads queued as views, pathsend buffers reused)', () => {
  for (const [name, window, slow] of [
    ['default windows, concurrent', 65_535, false],
    ['16 KiB windows and a slow reader: chunks wait half-sent', 16_384, true],
  ] as const) {
    it(`${name}: six files and six app bodies on one connection arrive intact`, async () => {
      const s = await session(window);
      try {
        const paths = files.flatMap((_, i) => [`/file/${i}`, `/body/${i}`]);
        const results = await Promise.all(paths.map((p) => fetchDigest(s, p, slow)));
        results.forEach((r, k) => {
          const file = files[Math.floor(k / 2)]!;
          expect(r.status, paths[k]).toBe(200);
          expect(r.length, paths[k]).toBe(file.content.length);
          expect(r.digest, paths[k]).toBe(sha(file.content));
        });
      } finally {
        s.close();
      }
    }, 30_000);
  }

  it('sequential files on many connections stay intact while buffers are recycled between them', async () => {
    for (let round = 0; round < 3; round++) {
      const sessions = await Promise.all([session(65_535), session(65_535), session(65_535)]);
      try {
        const results = await Promise.all(
          sessions.map((s, j) => fetchDigest(s, `/file/${(round + j) % files.length}`, j === 0)),
        );
        results.forEach((r, j) => expect(r.digest).toBe(sha(files[(round + j) % files.length]!.content)));
      } finally {
        for (const s of sessions) s.close();
      }
    }
  }, 30_000);
});
