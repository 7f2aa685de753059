/**
 * @module What the HTTP-mode proxy tests share: the upload file, reading curl's answers, and the addresses that
 * tell the client, the proxy and a spoofer apart on loopback.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Echo } from './apps.js';

/**
 * curl connects from this address (`--interface`); the proxies connect to TSGI from 127.0.0.1. Both are loopback
 * on Linux (127.0.0.0/8), and different, so the tests can see whose address the app got.
 */
export const CLIENT_ADDRESS = '127.0.0.2';
/** What a client claims in its own X-Forwarded-For (TEST-NET-2, RFC 5737): the proxies must replace it. */
export const SPOOFED_ADDRESS = '198.51.100.66';

/** A file of random bytes to upload, with its size and sha256. */
export interface UploadFile {
  path: string;
  bytes: number;
  sha256: string;
  remove(): void;
}

/** Writes `bytes` random bytes to a new temp file. */
export function makeUploadFile(bytes: number): UploadFile {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-deploy-upload-'));
  const data = randomBytes(bytes);
  const path = join(dir, 'upload.bin');
  writeFileSync(path, data);
  return { path, bytes, sha256: createHash('sha256').update(data).digest('hex'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** curl's `-w` suffix read by {@link splitWritten}: status, HTTP version, local address and port of curl's connection. */
export const WRITE_OUT = ['-w', '\n%{http_code} %{http_version} %{local_ip} %{local_port}'];

/** What `-w` {@link WRITE_OUT} appended, and the body before it. */
export interface CurlAnswer {
  body: string;
  status: number;
  httpVersion: string;
  localIp: string;
  localPort: number;
}

/** Splits curl's stdout into the body and the {@link WRITE_OUT} line. */
export function splitWritten(stdout: string): CurlAnswer {
  const cut = stdout.lastIndexOf('\n');
  const [status, httpVersion, localIp, localPort] = stdout.slice(cut + 1).split(' ');
  return { body: stdout.slice(0, cut), status: Number(status), httpVersion: httpVersion ?? '', localIp: localIp ?? '', localPort: Number(localPort) };
}

/** Parses an `/echo` body, with the text in the error when it is not JSON. */
export function parseEcho(body: string): Echo {
  try {
    return JSON.parse(body) as Echo;
  } catch {
    throw new Error(`not an /echo answer: ${JSON.stringify(body.slice(0, 500))}`);
  }
}

/** Distinct values of `list`. */
export const distinct = (list: readonly string[]): number => new Set(list).size;
