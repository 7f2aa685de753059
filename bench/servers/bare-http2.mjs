// @ts-check
/**
 * @module Baseline: bare `node:http2` with the stream API (`'stream'` events, `stream.respond`), no TSGI.
 * `--port P` h2c by prior knowledge, `--tls-port T` h2 over TLS; `/file.bin` pipes `fs.createReadStream` into the
 * stream; other requests get the hello bytes once their body (if any) is drained.
 */
import { createReadStream, statSync } from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';
import { HELLO, HELLO_HEADERS, onSignals, parseArgs, testCert } from './args.mjs';

const args = parseArgs();
const file = path.join(args.root ?? '.', 'file.bin');
const HELLO_H2 = { ':status': 200, ...HELLO_HEADERS };

/** @param {http2.ServerHttp2Stream} stream @param {http2.IncomingHttpHeaders} headers */
function onStream(stream, headers) {
  stream.on('error', () => {}); // a reset by the load generator at its deadline is expected
  if (headers[':path'] === '/file.bin') {
    const size = statSync(file).size;
    stream.respond({ ':status': 200, 'content-type': 'application/octet-stream', 'content-length': size });
    createReadStream(file).pipe(stream);
  } else if (headers[':method'] === 'GET' || headers[':method'] === 'HEAD') {
    stream.respond(HELLO_H2);
    stream.end(HELLO);
  } else {
    stream.resume().once('end', () => {
      stream.respond(HELLO_H2);
      stream.end(HELLO);
    });
  }
}

const h2c = http2.createServer().on('stream', onStream);
const tls = http2.createSecureServer({ ...testCert(), allowHTTP1: false }).on('stream', onStream);
// node:http2 servers have no idle timeout by default (timeout 0), which the memory case relies on
h2c.listen(Number(args.port), '127.0.0.1');
tls.listen(Number(args['tls-port']), '127.0.0.1');
onSignals(() => Promise.all([new Promise((r) => h2c.close(r)), new Promise((r) => tls.close(r))]));
