/**
 * @module Validators and conditional requests: the ETag (RFC 9110 §8.8.3), Last-Modified (§8.8.2), and the
 * evaluation of If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in the order of §13.2.2.
 */
import type { HeaderList } from '@tsgi/spec';
import { headerValue } from './headers.js';
import { parseHttpDate } from './http-date.js';

/** How the app makes ETags: strong (the default), weak (`W/"..."`), or none. */
export type EtagMode = 'strong' | 'weak' | false;

/** The file facts an ETag is made of (a `fs.BigIntStats` has them). */
export interface FileIdentity {
  readonly size: bigint;
  readonly mtimeNs: bigint;
  readonly ino: bigint;
}

/** A parsed entity-tag: its opaque value (without quotes) and whether it is weak. */
export interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

/**
 * The ETag for a file: `"<size>-<mtime ns>-<inode>"` in hexadecimal, with `suffix` appended inside the quotes
 * (`-br`, `-gz`) so each precompressed representation has its own tag (RFC 9110 §8.8.3: a tag identifies one
 * representation). Strong by default: a rewrite changes the modification time, a replacement also the inode, so
 * byte-different contents get different tags with nanosecond timestamps. `weak` prefixes `W/`.
 */
export function makeEtag(file: FileIdentity, mode: 'strong' | 'weak', suffix = ''): string {
  const opaque = `${file.size.toString(16)}-${file.mtimeNs.toString(16)}-${file.ino.toString(16)}${suffix}`;
  return mode === 'weak' ? `W/"${opaque}"` : `"${opaque}"`;
}

/** One entity-tag: `[W/]"<etagc*>"` where etagc is `%x21 / %x23-7E / obs-text` (RFC 9110 §8.8.3). */
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"$/;
/** The same, anchored at the scan position, followed by optional whitespace and a comma or the end. */
const LIST_ITEM = /[ \t]*(W\/)?"([\x21\x23-\x7E\x80-\xFF]*)"[ \t]*(?:,|$)/y;
const EMPTY_ITEM = /[ \t]*,/y;

/** Parses one entity-tag, or returns `undefined` when `value` is not exactly one. */
export function parseEntityTag(value: string): EntityTag | undefined {
  const match = ENTITY_TAG.exec(value);
  return match ? { weak: match[1] !== undefined, opaque: match[2]! } : undefined;
}

/**
 * Parses an If-Match / If-None-Match value: `"*"` or a comma list of entity-tags (RFC 9110 §13.1.1, §13.1.2).
 * Returns `'*'`, the list, or `undefined` when the value is malformed (then no tag can match).
 */
export function parseEntityTagList(value: string): '*' | EntityTag[] | undefined {
  if (value.trim() === '*') return '*';
  const tags: EntityTag[] = [];
  let position = 0;
  while (position < value.length) {
    EMPTY_ITEM.lastIndex = position;
    if (EMPTY_ITEM.test(value)) {
      position = EMPTY_ITEM.lastIndex;
      continue;
    }
    LIST_ITEM.lastIndex = position;
    const match = LIST_ITEM.exec(value);
    if (!match) return value.slice(position).trim() === '' ? tags : undefined;
    tags.push({ weak: match[1] !== undefined, opaque: match[2]! });
    position = LIST_ITEM.lastIndex;
  }
  return tags;
}

/** Strong comparison (RFC 9110 §8.8.3.2): both tags strong and their opaque values equal. */
export function strongMatch(tag: EntityTag, current: string): boolean {
  const ours = parseEntityTag(current);
  return ours !== undefined && !tag.weak && !ours.weak && tag.opaque === ours.opaque;
}

/** Weak comparison (RFC 9110 §8.8.3.2): opaque values equal, weakness ignored. */
export function weakMatch(tag: EntityTag, current: string): boolean {
  const ours = parseEntityTag(current);
  return ours !== undefined && tag.opaque === ours.opaque;
}

/** The outcome of the preconditions of RFC 9110 §13.2.2 steps 1–4. */
export type ConditionalOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

/** What the preconditions are evaluated against: the selected representation's validators. */
export interface CurrentValidators {
  /** The current ETag, or `undefined` when ETags are off (then only `*` matches). */
  readonly etag: string | undefined;
  /** The modification time in milliseconds; HTTP dates have one-second precision, so it is compared in seconds. */
  readonly lastModifiedMs: number;
}

/**
 * Evaluates the preconditions for an existing representation in the order of RFC 9110 §13.2.2:
 *
 * 1. If-Match: 412 unless `*` or a tag that matches strongly (§13.1.1; weak tags never match).
 * 2. If-Unmodified-Since, only without If-Match: 412 when modified after the date; an invalid date is
 *    ignored (§13.1.4).
 * 3. If-None-Match: 304 for GET and HEAD when `*` or a tag matches weakly (§13.1.2).
 * 4. If-Modified-Since, only for GET/HEAD without If-None-Match: 304 when not modified since the date; an
 *    invalid date or one with several members is ignored (§13.1.3).
 *
 * Step 5 (If-Range) is {@link ifRangeMatches} in ranges.ts.
 */
export function evaluatePreconditions(
  headers: HeaderList,
  method: string,
  current: CurrentValidators,
): ConditionalOutcome {
  const modifiedSeconds = Math.floor(current.lastModifiedMs / 1000);
  const ifMatch = headerValue(headers, 'if-match');
  if (ifMatch !== undefined) {
    const list = parseEntityTagList(ifMatch);
    const etag = current.etag;
    const ok = list === '*' || (list !== undefined && etag !== undefined && list.some((t) => strongMatch(t, etag)));
    if (!ok) return 'precondition-failed';
  } else {
    const ifUnmodifiedSince = headerValue(headers, 'if-unmodified-since');
    const date = ifUnmodifiedSince === undefined ? undefined : parseHttpDate(ifUnmodifiedSince);
    if (date !== undefined && modifiedSeconds > Math.floor(date / 1000)) return 'precondition-failed';
  }

  const safe = method === 'GET' || method === 'HEAD';
  const ifNoneMatch = headerValue(headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    const list = parseEntityTagList(ifNoneMatch);
    const etag = current.etag;
    const matched = list === '*' || (list !== undefined && etag !== undefined && list.some((t) => weakMatch(t, etag)));
    if (matched) return safe ? 'not-modified' : 'precondition-failed';
  } else if (safe) {
    const ifModifiedSince = headerValue(headers, 'if-modified-since');
    const date = ifModifiedSince === undefined ? undefined : parseHttpDate(ifModifiedSince);
    if (date !== undefined && modifiedSeconds <= Math.floor(date / 1000)) return 'not-modified';
  }
  return 'proceed';
}
