// @ts-check
/** @module The launchers' shared bits: `--name value` arguments, the test certificate, a clean exit on SIGTERM. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** @returns {Record<string, string>} `--port 8000 --app hello` as `{ port: '8000', app: 'hello' }` */
export function parseArgs(argv = process.argv.slice(2)) {
  /** @type {Record<string, string>} */
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[String(argv[i]).replace(/^--/, '')] = String(argv[i + 1]);
  return out;
}

/** The repository's self-signed test certificate for 127.0.0.1 (public: for tests and benchmarks only). */
export function testCert() {
  const dir = fileURLToPath(new URL('../../packages/server/test/fixtures/certs/', import.meta.url));
  return { cert: readFileSync(dir + 'cert.pem'), key: readFileSync(dir + 'key.pem') };
}

/** The hello bytes every server answers with. */
export const HELLO = Buffer.from('Hello, World');
export const HELLO_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(HELLO.byteLength) };

/** Idle connections are kept this long (ms): the memory case holds 1000 of them idle for a few seconds. */
export const IDLE_MS = 120_000;

/**
 * SIGTERM → `close()` then exit, so `node --cpu-prof` writes its profile (it does not on a default signal death).
 * SIGUSR2 → a full GC when run with --expose-gc, so the memory case reads RSS without collectable garbage.
 * @param {() => Promise<unknown> | unknown} close
 */
export function onSignals(close) {
  process.once('SIGTERM', async () => {
    const force = setTimeout(() => process.exit(0), 2000);
    force.unref();
    try {
      await close();
    } finally {
      process.exit(0);
    }
  });
  const gc = /** @type {{ gc?: () => void }} */ (globalThis).gc;
  process.on('SIGUSR2', () => gc?.());
}
