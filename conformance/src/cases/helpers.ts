/** @module Helpers the scenarios share: building raw requests and reading JSON answers. */
import { expect } from 'vitest';
import type { ReadResponse } from '../clients/raw-h1.js';
import { header } from '../clients/response-parser.js';
import { ALL_PROTOCOLS, type Protocol } from '../types.js';
import { text } from '../util.js';

/** Every protocol. */
export const ALL: readonly Protocol[] = ALL_PROTOCOLS;
/** HTTP/1.1, cleartext and over TLS. */
export const H1: readonly Protocol[] = ['h1', 'h1-tls'];
/** HTTP/2, over TLS and cleartext. */
export const H2: readonly Protocol[] = ['h2', 'h2c'];

/** Options of {@link rawRequest}. */
export interface RawRequestOptions {
  /** HTTP version on the request line. Default `1.1`. */
  readonly version?: string;
  /** Header lines exactly as written (byte strings). A `host` line is added first unless `noHost`. */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  /** Body bytes (as a byte string); adds `content-length` unless a framing header is given. */
  readonly body?: string;
  /** Do not add `host`. */
  readonly noHost?: boolean;
}

/** Builds the bytes (as a byte string) of one request. */
export function rawRequest(method: string, target: string, options: RawRequestOptions = {}): string {
  const lines = [`${method} ${target} HTTP/${options.version ?? '1.1'}`];
  if (!options.noHost) lines.push('Host: conformance.test');
  const given = options.headers ?? [];
  for (const [name, value] of given) lines.push(`${name}: ${value}`);
  const framed = given.some(([n]) => /^(content-length|transfer-encoding)$/i.test(n));
  if (options.body !== undefined && !framed) lines.push(`Content-Length: ${options.body.length}`);
  return `${lines.join('\r\n')}\r\n\r\n${options.body ?? ''}`;
}

/** A `GET` request for `target`. */
export function get(target: string, options: RawRequestOptions = {}): string {
  return rawRequest('GET', target, options);
}

/** Parses a 200 JSON answer (of any protocol), failing with the response shown when it is not one. */
export function json<T = Record<string, unknown>>(response: Pick<ReadResponse, 'status' | 'body'>): T {
  expect(response.status, `expected 200, got ${response.status}: ${text(response.body).slice(0, 200)}`).toBe(200);
  return JSON.parse(text(response.body)) as T;
}

/** Asserts the response carries no body and no framing headers that would announce one. */
export function expectNoBodyOnWire(response: Pick<ReadResponse, 'body' | 'headers'>): void {
  expect(response.body.length).toBe(0);
  expect(header(response, 'transfer-encoding')).toBeUndefined();
}

/** The error code and name a probe recorded from a rejected `send()`. */
export interface RecordedError {
  readonly code: unknown;
  readonly name: unknown;
}

/** Turns a caught value into a {@link RecordedError}. */
export function recordError(error: unknown): RecordedError {
  const e = error as { code?: unknown; name?: unknown } | null;
  return { code: e?.code, name: e?.name };
}
