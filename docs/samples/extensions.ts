import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Application } from '@tsgi/spec';

const FILE = fileURLToPath(import.meta.url); // this very file, as the file to send
const encoder = new TextEncoder();

/**
 * `/file` sends a file by path, `/report` ends with a trailer, and both send a 103 Early Hints first. Each
 * extension is used only when the server advertises it for this request (EXT-ADVERTISED); otherwise the app
 * falls back to plain body messages.
 */
export const app: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  const ext = scope.extensions;
  if ('http.response.earlyHints' in ext) {
    // Before http.response.start, never after (EXT-EARLYHINTS-ORDER).
    await send({ type: 'http.response.earlyHints', headers: [['link', '</style.css>; rel=preload; as=style']] });
  }
  const route = scope.path.slice(scope.rootPath.length);
  if (route === '/file') {
    const { size } = await stat(FILE);
    const headers: [string, string][] = [['content-type', 'text/plain; charset=utf-8'], ['content-length', String(size)]];
    await send({ type: 'http.response.start', status: 200, headers });
    if ('http.response.pathsend' in ext) {
      await send({ type: 'http.response.pathsend', path: FILE }); // the whole body; the server reads the file
    } else {
      const { readFile } = await import('node:fs/promises');
      await send({ type: 'http.response.body', body: await readFile(FILE) });
    }
    return;
  }
  const withTrailers = 'http.response.trailers' in ext; // HTTP/2, or HTTP/1.1 with `te: trailers`
  const body = encoder.encode('report body\n');
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']], trailers: withTrailers });
  await send({ type: 'http.response.body', body });
  if (withTrailers) {
    const sum = body.reduce((a, b) => (a + b) & 0xffff, 0);
    await send({ type: 'http.response.trailers', headers: [['x-checksum', String(sum)]] });
  }
};
