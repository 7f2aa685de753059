// @ts-check
/**
 * @module Upload client: `--port P --mib 64 --seconds S`. Sends 64 MiB request bodies in 64 KiB chunks
 * (`transfer-encoding: chunked`) one after another on one keep-alive HTTP/1.1 connection until S seconds have
 * passed (the current upload is finished, so at least one always completes), and prints
 * `{"bytes":…,"seconds":…,"uploads":…}`. A raw socket with one reused chunk keeps the client's own cost low, so the
 * figure is the server's request-body throughput, not the client's.
 */
import net from 'node:net';
import { once } from 'node:events';
import { parseArgs } from '../servers/args.mjs';

const args = parseArgs();
const CHUNK = 64 * 1024;
const total = Number(args.mib ?? 64) * 1024 * 1024;
const seconds = Number(args.seconds ?? 5);
const frame = Buffer.concat([Buffer.from(`${CHUNK.toString(16)}\r\n`), Buffer.alloc(CHUNK, 0x61), Buffer.from('\r\n')]);
const head = Buffer.from('POST /upload HTTP/1.1\r\nhost: 127.0.0.1\r\ntransfer-encoding: chunked\r\n\r\n');
const END = Buffer.from('0\r\n\r\n');

const socket = net.connect(Number(args.port), '127.0.0.1');
await once(socket, 'connect');
socket.setNoDelay(true);

// Responses are small and complete when the hello body arrived; a waiter is resolved per response.
let received = '';
/** @type {(() => void) | null} */
let onResponse = null;
socket.setEncoding('latin1').on('data', (text) => {
  received += text;
  if (!received.endsWith('Hello, World')) return;
  if (!/^HTTP\/1\.1 200 /.test(received)) throw new Error(`upload answered ${received.slice(0, 40)}`);
  received = '';
  onResponse?.();
});
socket.on('error', (error) => {
  console.error(error);
  process.exit(1);
});

const started = performance.now();
let uploads = 0;
do {
  const answered = new Promise((resolve) => (onResponse = () => resolve(undefined)));
  socket.write(head);
  for (let sent = 0; sent < total; sent += CHUNK) {
    if (!socket.write(frame)) await once(socket, 'drain');
  }
  socket.write(END);
  await answered;
  uploads++;
} while (performance.now() - started < seconds * 1000);
const elapsed = (performance.now() - started) / 1000;
console.log(JSON.stringify({ bytes: uploads * total, seconds: elapsed, uploads }));
socket.destroy();
