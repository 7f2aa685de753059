/** @module The options of `staticFiles` and their defaults. */
import type { EtagMode } from './validators.js';
import type { DotfilesPolicy } from './request-path.js';
import { DEFAULT_CHUNK_SIZE } from './send-file.js';

/** Options of {@link staticFiles}. Every option is optional; the defaults are listed with each. */
export interface StaticFilesOptions {
  /** ETags: `'strong'` (default), `'weak'` (`W/"..."`), or `false` for none. */
  readonly etag?: EtagMode;
  /** The `cache-control` value for files and 304s, or `false` to send none. Default `'public, max-age=0'`. */
  readonly cacheControl?: string | false;
  /** `'deny'` (default): any path segment starting with `.` is 404. `'allow'`: dotfiles are served. */
  readonly dotfiles?: DotfilesPolicy;
  /** Serve files whose real path (after symlinks) is outside the root. Default `false`: such paths are 404. */
  readonly followSymlinksOutsideRoot?: boolean;
  /** Serve `file.br` / `file.gz` siblings when Accept-Encoding allows, and add `vary: accept-encoding`. Default `false`. */
  readonly precompressed?: boolean;
  /** The file served for a directory, or `false` for none (then directories are 404). Default `'index.html'`. */
  readonly index?: string | false;
  /** The status of the redirect from `/dir` to `/dir/`: 301 (default) or 308. */
  readonly redirectStatus?: 301 | 308;
  /** Bytes read and sent per body message when streaming. Default 65536 (64 KiB). */
  readonly chunkSize?: number;
  /** Use the `http.response.pathsend` extension when the server advertises it. Default `true`. */
  readonly pathsend?: boolean;
}

/** The options with every default filled in. */
export type ResolvedOptions = { readonly [K in keyof StaticFilesOptions]-?: Exclude<StaticFilesOptions[K], undefined> };

/** Fills in the defaults and checks the values that could make the app misbehave. */
export function resolveOptions(options: StaticFilesOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    etag: options.etag ?? 'strong',
    cacheControl: options.cacheControl ?? 'public, max-age=0',
    dotfiles: options.dotfiles ?? 'deny',
    followSymlinksOutsideRoot: options.followSymlinksOutsideRoot ?? false,
    precompressed: options.precompressed ?? false,
    index: options.index ?? 'index.html',
    redirectStatus: options.redirectStatus ?? 301,
    chunkSize: options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    pathsend: options.pathsend ?? true,
  };
  if (!Number.isSafeInteger(resolved.chunkSize) || resolved.chunkSize < 1) {
    throw new RangeError(`staticFiles: chunkSize must be a positive integer, got ${resolved.chunkSize}`);
  }
  if (resolved.index !== false && (resolved.index === '' || /[/\\]/.test(resolved.index))) {
    throw new RangeError(`staticFiles: index must be a plain file name, got ${JSON.stringify(resolved.index)}`);
  }
  if (![false, 'strong', 'weak'].includes(resolved.etag)) {
    throw new RangeError(`staticFiles: etag must be 'strong', 'weak' or false`);
  }
  return resolved;
}
