// @ts-check
/**
 * @module Baseline: bare `node:http`, no TSGI. `--port P [--root DIR]`. The same hello bytes as the hello app;
 * `/file.bin` is `fs.createReadStream(file).pipe(res)`, the idiomatic Node file answer; other methods drain the
 * request body first (the upload case), as the hello app does.
 */
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HELLO, HELLO_HEADERS, IDLE_MS, onSignals, parseArgs } from './args.mjs';

const args = parseArgs();
const file = path.join(args.root ?? '.', 'file.bin');

const server = http.createServer((req, res) => {
  if (req.url === '/file.bin') {
    const size = statSync(file).size;
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
    createReadStream(file).pipe(res);
  } else if (req.method === 'GET' || req.method === 'HEAD') {
    res.writeHead(200, HELLO_HEADERS).end(HELLO);
  } else {
    req.resume().once('end', () => res.writeHead(200, HELLO_HEADERS).end(HELLO));
  }
});
server.keepAliveTimeout = IDLE_MS;
server.headersTimeout = IDLE_MS + 1000; // must exceed keepAliveTimeout or idle sockets are cut early
server.requestTimeout = 0; // a 64 MiB upload must not be cut by the 300 s default either way
server.listen(Number(args.port), '127.0.0.1');
onSignals(() => new Promise((resolve) => server.close(resolve)));
