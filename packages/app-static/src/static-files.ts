/**
 * @module The static file app: GET and HEAD for the files under one root directory, with validators,
 * conditional requests, single byte ranges and precompressed siblings. Written only against the TSGI contract.
 */
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Application, HeaderField, HttpScope, Send } from '@tsgi/spec';
import { contentTypeFor } from './content-type.js';
import { acceptablePrecompressed, SIBLING_SUFFIX, type PrecompressedCoding } from './encoding.js';
import { headerValue } from './headers.js';
import { formatHttpDate } from './http-date.js';
import { resolveOptions, type ResolvedOptions, type StaticFilesOptions } from './options.js';
import { decideRange, ifRangeMatches, type RangeDecision } from './ranges.js';
import { encodePath, parseRoute } from './request-path.js';
import { isMissing, RootResolver, type FoundFile } from './resolve-path.js';
import { sendHeadersOnly, sendText } from './responses.js';
import { PATHSEND, sendPath, streamFile } from './send-file.js';
import { evaluatePreconditions, makeEtag } from './validators.js';

/** Open flags: read-only, and never through a symlink swapped in after `realpath` checked the path. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);

/**
 * Creates an app that serves the files under `root` (GET and HEAD). Paths are decided from `rawPath` and checked
 * against the real root, so no request reaches a file outside it (see README.md). It rejects the `lifespan` scope
 * by throwing (APP-UNKNOWN-SCOPE): it has no startup work. It never reads the request body; the server discards it.
 *
 * @param root The directory to serve; relative paths are taken from the working directory at the first request.
 * @param options See {@link StaticFilesOptions}.
 */
export function staticFiles(root: string, options: StaticFilesOptions = {}): Application {
  const config = resolveOptions(options);
  const resolver = new RootResolver(root, {
    dotfiles: config.dotfiles,
    followSymlinksOutsideRoot: config.followSymlinksOutsideRoot,
  });
  return async (scope, _receive, send) => {
    if (scope.type !== 'http') throw new Error(`app-static: unsupported scope type ${scope.type}`);
    await serveRequest(scope, send, config, resolver);
  };
}

async function serveRequest(scope: HttpScope, send: Send, config: ResolvedOptions, resolver: RootResolver) {
  const head = scope.method === 'HEAD';
  // RFC 9110 §15.5.6: a 405 lists the allowed methods. Methods are case-sensitive (§9.1).
  if (scope.method !== 'GET' && !head) return sendText(send, 405, false, [['allow', 'GET, HEAD']]);

  const route = parseRoute(scope.rawPath, scope.path, scope.rootPath, config.dotfiles);
  if (!route.ok) return sendText(send, route.status, head);

  const found = await resolver.resolveSegments(route.segments);
  if (found.kind === 'directory') {
    if (!route.trailingSlash) return redirectToDirectory(scope, send, config, head);
    const index = config.index === false ? undefined : await resolver.resolveFileIn(found.path, config.index);
    if (index === undefined || config.index === false) return sendText(send, 404, head);
    return serveFile(scope, send, config, resolver, index, config.index);
  }
  if (found.kind !== 'file' || route.trailingSlash) return sendText(send, 404, head);
  return serveFile(scope, send, config, resolver, found, route.segments.at(-1) ?? basename(found.path));
}

/**
 * `/dir` names a directory: redirect to `/dir/` so relative links in its index resolve inside it. The location
 * is `rootPath + route + "/"`, percent-encoded, with the query string kept (RFC 9110 §10.2.2, §15.4.2).
 */
function redirectToDirectory(scope: HttpScope, send: Send, config: ResolvedOptions, head: boolean) {
  const target = encodePath(`${scope.path}/`);
  // A location starting with "//" would be read as another host (RFC 3986 §4.2); parseRoute refuses empty
  // segments, so only a strange rootPath could produce one.
  if (target.startsWith('//')) return sendText(send, 404, head);
  const location = scope.queryString === '' ? target : `${target}?${scope.queryString}`;
  return sendText(send, config.redirectStatus, head, [['location', location]]);
}

/** Picks the precompressed sibling to send, if the option is on, the client accepts it and the file exists. */
async function selectRepresentation(
  scope: HttpScope,
  config: ResolvedOptions,
  resolver: RootResolver,
  file: FoundFile,
): Promise<{ file: FoundFile; coding?: PrecompressedCoding }> {
  if (!config.precompressed) return { file };
  for (const coding of acceptablePrecompressed(headerValue(scope.headers, 'accept-encoding'))) {
    const sibling = await resolver.resolveSibling(file.path, SIBLING_SUFFIX[coding]);
    if (sibling) return { file: sibling, coding };
  }
  return { file };
}

async function serveFile(
  scope: HttpScope,
  send: Send,
  config: ResolvedOptions,
  resolver: RootResolver,
  original: FoundFile,
  typeName: string,
): Promise<void> {
  const head = scope.method === 'HEAD';
  const { file, coding } = await selectRepresentation(scope, config, resolver, original);
  const usePathsend = !head && config.pathsend && scope.extensions[PATHSEND] !== undefined;

  // Streaming: open first and take the validators from the open file, so headers and bytes describe the same
  // file even if it is replaced meanwhile.
  let handle: FileHandle | undefined;
  if (!head && !usePathsend) {
    try {
      handle = await open(file.path, OPEN_FLAGS);
    } catch (error) {
      if (isMissing(error)) return sendText(send, 404, head);
      throw error;
    }
  }
  try {
    const stats = handle ? await handle.stat({ bigint: true }) : file.stats;
    if (!stats.isFile()) return await sendText(send, 404, head);
    const size = Number(stats.size);
    const lastModifiedMs = Number(stats.mtimeNs / 1_000_000n);
    const etag = config.etag === false ? undefined : makeEtag(stats, config.etag, coding ? `-${coding}` : '');

    // Fields a 304 repeats (RFC 9110 §15.4.5): ETag, Last-Modified, Cache-Control, Vary.
    const validators: HeaderField[] = [];
    if (etag !== undefined) validators.push(['etag', etag]);
    validators.push(['last-modified', formatHttpDate(lastModifiedMs)]);
    if (config.cacheControl !== false) validators.push(['cache-control', config.cacheControl]);
    if (config.precompressed) validators.push(['vary', 'accept-encoding']);

    const outcome = evaluatePreconditions(scope.headers, scope.method, { etag, lastModifiedMs });
    if (outcome === 'precondition-failed') return await sendText(send, 412, head, validators);
    if (outcome === 'not-modified') return await sendHeadersOnly(send, 304, validators);

    const range = rangeFor(scope, size, etag, lastModifiedMs);
    if (range.kind === 'unsatisfiable') {
      return await sendText(send, 416, head, [['content-range', `bytes */${size}`], ...validators]);
    }
    const [start, end] = range.kind === 'partial' ? [range.start, range.end] : [0, size - 1];
    const length = end - start + 1;
    const headers: HeaderField[] = [
      ['content-type', contentTypeFor(typeName)],
      ['content-length', String(length)],
      ['accept-ranges', 'bytes'],
    ];
    if (coding !== undefined) headers.push(['content-encoding', coding]);
    if (range.kind === 'partial') headers.push(['content-range', `bytes ${start}-${end}/${size}`]);
    headers.push(...validators, ['x-content-type-options', 'nosniff']);
    const status = range.kind === 'partial' ? 206 : 200;

    if (head) return await sendHeadersOnly(send, status, headers);
    await send({ type: 'http.response.start', status, headers });
    if (handle === undefined) return await sendPath(send, { type: PATHSEND, path: file.path, offset: start, length });
    await streamFile(send, handle, start, length, config.chunkSize);
  } finally {
    await handle?.close();
  }
}

/**
 * The Range decision (RFC 9110 §14.2, §13.2.2 step 5): only for GET (range handling is defined for GET alone),
 * and only when If-Range is absent or matches; otherwise the whole representation.
 */
function rangeFor(scope: HttpScope, size: number, etag: string | undefined, lastModifiedMs: number): RangeDecision {
  const full: RangeDecision = { kind: 'full' };
  if (scope.method !== 'GET') return full;
  const range = headerValue(scope.headers, 'range');
  if (range === undefined) return full;
  const ifRange = headerValue(scope.headers, 'if-range');
  if (ifRange !== undefined && !ifRangeMatches(ifRange, etag, lastModifiedMs)) return full;
  return decideRange(range, size);
}
