/** @module The test-only TLS certificate and key the suite ships (`conformance/fixtures`, see its README). */
import { readFileSync } from 'node:fs';
import type { TlsCredentials } from './types.js';

let cached: TlsCredentials | null = null;

/** Paths of the shipped PEM files (the same from `src/` and from `dist/`). */
export const FIXTURE_PATHS = {
  /** `file:` URL of `fixtures/cert.pem`, the self-signed certificate. */
  cert: new URL('../fixtures/cert.pem', import.meta.url),
  /** `file:` URL of `fixtures/key.pem`, its private key. */
  key: new URL('../fixtures/key.pem', import.meta.url),
} as const;

/** The shipped certificate (for `localhost` and `127.0.0.1`) and its key, as PEM text. Test-only: the key is public. */
export function testCredentials(): TlsCredentials {
  cached ??= { cert: readFileSync(FIXTURE_PATHS.cert, 'utf8'), key: readFileSync(FIXTURE_PATHS.key, 'utf8') };
  return cached;
}
