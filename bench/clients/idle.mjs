// @ts-check
/**
 * @module Idle connections client: `--proto h1|h2c|h2 --port P --warm W --count N`. Opens W connections, each
 * completing one request, prints `warm W`; on the stdin line `more` opens N more the same way and prints `open W+N`;
 * on `done` prints `alive K` (how many are still open, so a server that dropped idle ones is caught) and exits.
 * The harness reads the server's RSS at `warm` and at `open`: the difference over N is the memory per idle
 * connection, without the one-time costs (lazy module and TLS setup) that the first connections pay.
 */
import http2 from 'node:http2';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { parseArgs, testCert } from '../servers/args.mjs';

const args = parseArgs();
const port = Number(args.port);
const { cert } = testCert();
let alive = 0;
/** @type {unknown[]} kept so nothing is collected while idle */
const held = [];

/** One HTTP/1.1 keep-alive connection after one GET. */
function openH1() {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1').on('data', function onData(chunk) {
      text += chunk;
      if (text.endsWith('Hello, World')) socket.off('data', onData), resolve(socket);
    });
    socket.once('connect', () => socket.write('GET / HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n'));
    socket.once('error', reject).once('close', () => alive--);
    held.push(socket);
  });
}

/** One HTTP/2 session (h2c by prior knowledge, or h2 over TLS by ALPN) after one GET. */
function openH2(/** @type {boolean} */ tls) {
  return new Promise((resolve, reject) => {
    const session = tls
      ? http2.connect(`https://127.0.0.1:${port}`, { ca: cert })
      : http2.connect(`http://127.0.0.1:${port}`);
    session.once('error', reject).once('close', () => alive--);
    const request = session.request({ ':path': '/' });
    request.once('error', reject).resume().once('end', () => resolve(session));
    held.push(session);
  });
}

/** Opens `n` connections, 50 at a time (more at once only fills the listen backlog). */
async function open(/** @type {number} */ n) {
  for (let done = 0; done < n; ) {
    const batch = Math.min(50, n - done);
    const opener = args.proto === 'h1' ? openH1 : () => openH2(args.proto === 'h2');
    await Promise.all(Array.from({ length: batch }, opener));
    alive += batch;
    done += batch;
  }
}

await open(Number(args.warm ?? 50));
console.log(`warm ${alive}`);
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line === 'more') {
    await open(Number(args.count ?? 1000));
    console.log(`open ${alive}`);
  } else if (line === 'done') {
    console.log(`alive ${alive}`);
    process.exit(0);
  }
}
