/**
 * @module The filesystem half of path safety: resolving a route's segments with `realpath` and refusing anything
 * whose real location is outside the real root (symlinks included), unless the app allows symlinks out.
 */
import type { BigIntStats } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { DotfilesPolicy } from './request-path.js';

/** How the resolver treats symlinks and dotfiles. */
export interface ResolvePolicy {
  readonly followSymlinksOutsideRoot: boolean;
  readonly dotfiles: DotfilesPolicy;
}

/** A regular file to serve, at its real (symlink-free) path. */
export interface FoundFile {
  readonly kind: 'file';
  readonly path: string;
  readonly stats: BigIntStats;
}

/** What a route resolves to. */
export type Resolved =
  | FoundFile
  | { readonly kind: 'directory'; readonly path: string }
  | { readonly kind: 'not-found' };

const NOT_FOUND = { kind: 'not-found' } as const;
/** Errors that mean "nothing servable here" rather than a fault of the app. */
const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES', 'EPERM', 'ENAMETOOLONG', 'EINVAL']);

/** `true` when `error` is a filesystem error that should become a 404. */
export function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && MISSING.has(code);
}

/** `true` when `path` is `root` or inside it; both are real paths, so this is a string prefix test at a separator. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Resolves paths under one root directory. The root's real path is found on first use and cached once found.
 */
export class RootResolver {
  #realRoot: Promise<string> | undefined;

  constructor(
    readonly root: string,
    readonly policy: ResolvePolicy,
  ) {}

  /** The root's real path; a failure is not cached, so a root created later is picked up. */
  realRoot(): Promise<string> {
    this.#realRoot ??= realpath(this.root).catch((error: unknown) => {
      this.#realRoot = undefined;
      throw error;
    });
    return this.#realRoot;
  }

  /**
   * Resolves `candidate` (a path built from checked segments) to its real path and stats. Not found when it
   * does not exist, when its real path leaves the real root (a symlink out) and that is not allowed, or when its
   * real path inside the root passes through a dot-name the request did not show (a symlink to `.git`).
   */
  async resolve(candidate: string): Promise<Resolved> {
    let realRoot: string;
    let real: string;
    let stats: BigIntStats;
    try {
      realRoot = await this.realRoot();
      const direct = await this.#statWithoutLinks(realRoot, candidate);
      if (direct !== undefined) {
        real = candidate;
        stats = direct;
      } else {
        real = await realpath(candidate);
        stats = await stat(real, { bigint: true });
      }
    } catch (error) {
      if (isMissing(error)) return NOT_FOUND;
      throw error;
    }
    if (isInside(realRoot, real)) {
      const hidden = relative(realRoot, real)
        .split(sep)
        .some((segment) => segment.startsWith('.'));
      if (hidden && this.policy.dotfiles !== 'allow') return NOT_FOUND;
    } else if (!this.policy.followSymlinksOutsideRoot) {
      return NOT_FOUND;
    }
    if (stats.isDirectory()) return { kind: 'directory', path: real };
    if (stats.isFile()) return { kind: 'file', path: real, stats };
    return NOT_FOUND; // FIFOs, sockets, devices: never opened (a FIFO would block the read)
  }

  /**
   * The stats of `candidate` when it is inside the real root and no name below the root is a symlink: then it is
   * its own real path, and `lstat` on each name below the root replaces `realpath` and `stat` (realpath was 7% of
   * busy time serving a 1 MiB file, walking the root's own names every time). `undefined` when a name is a symlink
   * (or the candidate is not below the root): the caller resolves it the full way. Throws what `lstat` throws.
   */
  async #statWithoutLinks(realRoot: string, candidate: string): Promise<BigIntStats | undefined> {
    const base = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
    if (!candidate.startsWith(base)) return undefined;
    const last = await lstat(candidate, { bigint: true });
    if (last.isSymbolicLink()) return undefined;
    // The directories between the root and the candidate: one lstat each, at the same time.
    const parents: Promise<BigIntStats>[] = [];
    for (let at = candidate.indexOf(sep, base.length); at !== -1; at = candidate.indexOf(sep, at + 1)) {
      parents.push(lstat(candidate.slice(0, at), { bigint: true }));
    }
    if (parents.length > 0) {
      const found = await Promise.allSettled(parents);
      if (found.some((p) => p.status === 'rejected' || p.value.isSymbolicLink())) return undefined;
    }
    return last;
  }

  /** Resolves route segments (already checked by `parseRoute`) under the root. */
  async resolveSegments(segments: readonly string[]): Promise<Resolved> {
    let realRoot: string;
    try {
      realRoot = await this.realRoot();
    } catch (error) {
      if (isMissing(error)) return NOT_FOUND;
      throw error;
    }
    return this.resolve(join(realRoot, ...segments));
  }

  /** Resolves a file inside an already resolved directory (its index file), under the same rules. */
  async resolveFileIn(directory: string, name: string): Promise<FoundFile | undefined> {
    const found = await this.resolve(join(directory, name));
    return found.kind === 'file' ? found : undefined;
  }

  /** Resolves a sibling `file + suffix` (a precompressed `.br` or `.gz`), under the same rules. */
  async resolveSibling(file: string, suffix: string): Promise<FoundFile | undefined> {
    const found = await this.resolve(file + suffix);
    return found.kind === 'file' ? found : undefined;
  }
}
