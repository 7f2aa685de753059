/**
 * @module request-fields
 * The request head rules of RFC 9113 §8.1, §8.2, §8.3.1 and §8.5, applied field by field as HPACK decodes them
 * ({@link RequestFields} is a `HeaderSink`): the pseudo-header fields become strings, not `[name, value]` pairs in a
 * list that is then split, and the regular fields' list is made at its exact size.
 */
import type { HeaderSink } from '@tsgi/hpack';
import { ErrorCode } from './error-codes.js';
import { FieldMemo } from './field-memo.js';
import { H2StreamError } from './errors.js';
import { regularFieldProblem, valueProblem, type HeaderList, type RequestHead } from './message-rules.js';

const REQUEST_PSEUDO = new Set([':method', ':scheme', ':authority', ':path']);
/** What the scratch list's used slots are reset to: keeps no request's field alive, and the array packed. */
const NO_FIELD: [string, string] = ['', ''];
/** A scratch list longer than this is dropped after the block (a connection keeps no big one). */
const SCRATCH_KEEP = 64;

/** RFC 9110 §5.6.2 tchar. */
function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (!alnum && "!#$%&'*+-.^_`|~".indexOf(s[i]!) < 0) return false;
  }
  return true;
}

/** Parses content-length fields: each 1*DIGIT, all equal (RFC 9110 §8.6). Returns -1 when absent, null if invalid. */
function contentLength(current: number, value: string): number | null {
  if (value.length === 0 || value.length > 15 || !/^[0-9]+$/.test(value)) return null;
  const n = Number(value);
  return current === -1 || current === n ? n : null;
}

/**
 * Collects and checks one request head at a time (one per connection, {@link reset} before each block). A field
 * that breaks a rule is recorded, not thrown: the block must still be decoded to the end (the HPACK state), and
 * {@link finish} throws the first problem as the stream error.
 */
export class RequestFields implements HeaderSink {
  /** The `:method` value, `null` while absent. */
  method: string | null = null;
  /** The `:scheme` value, `null` while absent. */
  scheme: string | null = null;
  /** The `:authority` value, `null` while absent. */
  authority: string | null = null;
  /** The `:path` value, `null` while absent. */
  path: string | null = null;
  /** The content-length value, -1 while absent. */
  contentLength = -1;
  /** RFC 9113 §6.5.2: "the length of the name and value in octets plus an overhead of 32 octets for each field line". */
  size = 0;
  #problem: string | null = null;
  #sawRegular = false;
  #fields: [string, string][] = [];
  #count = 0;
  /** The connection's memo of fields that passed the §8.2 checks (see {@link FieldMemo}), if it has one. */
  #valid: FieldMemo | undefined = undefined;

  /** Starts a new block; `valid` is the connection's memo of checked fields, if any (see {@link FieldMemo}). */
  reset(valid?: FieldMemo): void {
    this.method = this.scheme = this.authority = this.path = null;
    this.contentLength = -1;
    this.size = 0;
    this.#problem = null;
    this.#sawRegular = false;
    this.#clear();
    this.#valid = valid; // after #clear(), which lets go of the last block's
  }

  field(name: string, value: string): void {
    this.size += name.length + value.length + 32;
    if (this.#problem !== null) return;
    if (name.charCodeAt(0) === 0x3a) {
      // §8.3: "All pseudo-header fields MUST appear in a field block before all regular field lines".
      if (this.#sawRegular) return this.#bad(`pseudo-header ${name} after regular fields`);
      // §8.3: "Pseudo-header fields defined for responses MUST NOT appear in requests"; "Endpoints MUST treat a
      // request or response that contains undefined or invalid pseudo-header fields as malformed".
      if (!REQUEST_PSEUDO.has(name)) return this.#bad(name === ':status' ? 'response pseudo-header in a request' : `unknown ${name}`);
      const valid = this.#valid;
      if (valid === undefined || !valid.has(name, value)) {
        const problem = valueProblem(name, value);
        if (problem !== null) return this.#bad(problem);
        valid?.add(name, value);
      }
      // §8.3.1: "exactly one valid value for the :method, :scheme, and :path pseudo-header fields".
      if (name === ':method') {
        if (this.method !== null) return this.#bad(`duplicate ${name}`);
        this.method = value;
      } else if (name === ':scheme') {
        if (this.scheme !== null) return this.#bad(`duplicate ${name}`);
        this.scheme = value;
      } else if (name === ':authority') {
        if (this.authority !== null) return this.#bad(`duplicate ${name}`);
        this.authority = value;
      } else {
        if (this.path !== null) return this.#bad(`duplicate ${name}`);
        this.path = value;
      }
      return;
    }
    this.#sawRegular = true;
    const valid = this.#valid;
    if (valid === undefined || !valid.has(name, value)) {
      const problem = regularFieldProblem(name, value);
      if (problem !== null) return this.#bad(problem);
      valid?.add(name, value);
    }
    if (name === 'content-length') {
      const length = contentLength(this.contentLength, value);
      if (length === null) return this.#bad('invalid content-length');
      this.contentLength = length;
    }
    if (this.#count === this.#fields.length) this.#fields.push([name, value]);
    else this.#fields[this.#count] = [name, value];
    this.#count++;
  }

  /**
   * Ends the block: throws {@link H2StreamError} PROTOCOL_ERROR for a malformed request ("Malformed requests or
   * responses that are detected MUST be treated as a stream error (Section 5.4.2) of type PROTOCOL_ERROR", §8.1.1),
   * else returns the regular fields, in order, in a list of their own.
   */
  finish(streamId: number): [string, string][] {
    if (this.#problem !== null) return malformed(streamId, this.#problem);
    const { method, scheme, authority, path } = this;
    if (method === null) return malformed(streamId, 'missing :method');
    if (!isToken(method)) malformed(streamId, 'invalid :method');
    const isHttp = scheme === 'http' || scheme === 'https';
    if (method === 'CONNECT') {
      // §8.5: "The :scheme and :path pseudo-header fields MUST be omitted" and ":authority ... MUST" be present.
      if (scheme !== null || path !== null) malformed(streamId, 'CONNECT with :scheme or :path');
      if (authority === null || authority === '') malformed(streamId, 'CONNECT without :authority');
    } else {
      if (scheme === null) return malformed(streamId, 'missing :scheme');
      if (path === null) return malformed(streamId, 'missing :path');
      // §8.3.1: ":path ... MUST NOT be empty for "http" or "https" URIs"; "*" is the asterisk-form of OPTIONS.
      if (path === '') malformed(streamId, 'empty :path');
      if (isHttp && path === '*' && method !== 'OPTIONS') malformed(streamId, ':path "*" is only for OPTIONS');
      if (isHttp && path !== '*' && path.charCodeAt(0) !== 0x2f) malformed(streamId, ':path is not origin-form');
      // §8.3.1: ":authority MUST NOT include the deprecated userinfo subcomponent for "http" or "https" schemed URIs".
      if (isHttp && authority !== null && authority.includes('@')) malformed(streamId, ':authority with userinfo');
    }
    const headers = this.#fields.slice(0, this.#count);
    this.#clear();
    return headers;
  }

  #bad(why: string): void {
    this.#problem = why;
  }

  #clear(): void {
    this.#valid = undefined; // a shared collector keeps no connection's memo alive
    if (this.#fields.length > SCRATCH_KEEP) this.#fields = [];
    else for (let i = 0; i < this.#count; i++) this.#fields[i] = NO_FIELD;
    this.#count = 0;
  }
}

/** Throws the stream error for a malformed request (§8.1.1). */
function malformed(streamId: number, why: string): never {
  throw new H2StreamError(streamId, ErrorCode.PROTOCOL_ERROR, `malformed request: ${why}`);
}

/**
 * Checks a request header list (RFC 9113 §8.1, §8.2, §8.3.1, §8.5) and splits it into pseudo-headers and regular
 * fields. Throws {@link H2StreamError} PROTOCOL_ERROR for a malformed request (§8.1.1).
 */
export function checkRequest(streamId: number, list: HeaderList): RequestHead {
  const fields = new RequestFields();
  for (let i = 0; i < list.length; i++) fields.field(list[i]![0], list[i]![1]);
  const headers = fields.finish(streamId);
  const { method, scheme, authority, path, contentLength } = fields;
  return { method: method!, scheme: scheme ?? '', authority, path: path ?? '', headers, contentLength };
}
