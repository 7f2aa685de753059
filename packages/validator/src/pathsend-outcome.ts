/**
 * @module How the server answers a path send it cannot serve (server side, EXT-PATHSEND-FAIL): a file that cannot be
 * opened or is not a regular file makes `send()` reject with `TSGI_INVALID_MESSAGE`. The validator looks at the
 * file only when `send()` rejected, so a call that breaks no rule goes through without it touching the disk.
 */
import { INVALID_MESSAGE, isClientDisconnected } from '@tsgi/spec';
import { serverViolation, type ValidationError } from './errors.js';
import { show } from './syntax.js';

/** The `code` of a rejection, if it has one. */
export function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
}

/**
 * `true` when `path` is a regular file this process can open for reading, `false` when it cannot be opened or is
 * not a regular file, `undefined` when there is no `node:fs` to ask. Never opens anything but a regular file (a FIFO
 * would block).
 */
export async function isSendableFile(path: string): Promise<boolean | undefined> {
  let fs: typeof import('node:fs/promises');
  try {
    fs = await import('node:fs/promises');
  } catch {
    return undefined;
  }
  try {
    if (!(await fs.stat(path)).isFile()) return false;
    const handle = await fs.open(path, 'r');
    await handle.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * `send()` rejected a path send of `path` (an absolute path; `undefined` when the message was invalid). When the file
 * cannot be opened or is not a regular file, the rejection must be `TSGI_INVALID_MESSAGE` (EXT-PATHSEND-FAIL); a
 * client-disconnected rejection is left to FLOW-SEND-AFTER-DISCONNECT, since the server may see the client gone
 * before it opens the file.
 */
export async function checkPathsendRejected(error: unknown, path: string | undefined): Promise<ValidationError[]> {
  if (path === undefined || codeOf(error) === INVALID_MESSAGE || isClientDisconnected(error)) return [];
  if ((await isSendableFile(path)) !== false) return [];
  const got = error instanceof Error ? `${error.name} (code ${String(codeOf(error))})` : show(error);
  return [serverViolation('EXT-PATHSEND-FAIL', `send() rejected a pathsend of ${show(path)}, which cannot be opened or is not a regular file, with ${got}; it must reject with TSGI_INVALID_MESSAGE`)];
}
