/**
 * @module The generic side of `http.response.pathsend` (spec: EXT-PATHSEND-*): check the message, open the file,
 * and feed it in chunks to a writer that applies backpressure. A server with a faster way (sendfile, respondWithFD)
 * may do it its own way; the rules stay these.
 */
import { closeSync, fstatSync, open, read } from 'node:fs';
import { isAbsolute } from 'node:path';
import { InvalidMessageError } from '@tsgi/spec';

/** A checked pathsend request. */
export interface PathsendRequest {
  /** Absolute path of the file to send. */
  readonly path: string;
  /** Where to start in the file, in bytes (default 0). */
  readonly offset: number;
  /** `-1`: to the end of the file. */
  readonly length: number;
}

/**
 * Bytes read per chunk: 256 KiB halved the file-read and allocation cost of 64 KiB chunks, and 512 KiB (with reused
 * buffers) halves the reads, writes and thread-pool hops again: server MB per CPU-second in the 1 MiB case went
 * from 1.83x to 2.56x node:http's pipe.
 */
const CHUNK = 512 * 1024;

/**
 * Chunk buffers whose bytes the server no longer needs, for the next chunk (of any response). A fresh 256 KiB buffer
 * per chunk was 13% of busy time in garbage collection and made each read fault in new pages; at most
 * {@link FREE_MAX} are kept (4 MiB; about one per connection sending a file at a time), the rest are left to the
 * collector.
 */
const free: Buffer[] = [];
const FREE_MAX = 8;

function takeChunk(): Buffer {
  // Not zero-filled (zeroing was 6.5% of busy time in the 1 MiB case): only the bytes read are handed on.
  return free.pop() ?? Buffer.allocUnsafeSlow(CHUNK);
}

function giveBack(chunk: Buffer): void {
  if (free.length < FREE_MAX) free.push(chunk);
}

const noop = (): void => {};

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Checks the message's keys (spec: EXT-PATHSEND-ORDER); throws {@link InvalidMessageError}. */
export function checkPathsend(message: { path?: unknown; offset?: unknown; length?: unknown }): PathsendRequest {
  const { path, offset = 0, length } = message;
  if (typeof path !== 'string' || !isAbsolute(path)) {
    throw new InvalidMessageError('http.response.pathsend: path must be an absolute path');
  }
  if (!isCount(offset)) throw new InvalidMessageError('http.response.pathsend: offset must be an integer >= 0');
  if (length !== undefined && !isCount(length)) throw new InvalidMessageError('http.response.pathsend: length must be an integer >= 0');
  return { path, offset, length: length ?? -1 };
}

/** An open file and how many bytes to send from it. */
export interface OpenedFile {
  /** The open file descriptor; closed by `streamFile` (or {@link closeForSend}). */
  readonly fd: number;
  /** Where to start reading, in bytes. */
  readonly offset: number;
  /** How many bytes to send; resolved from `-1` to what the file holds past `offset`. */
  readonly length: number;
}

/**
 * Opens a regular file; throws {@link InvalidMessageError} when it cannot (spec: EXT-PATHSEND-FAIL). A plain
 * descriptor rather than a `FileHandle`: fstat and close on an open descriptor are done on the spot (they never
 * wait for the disk), which saves two thread-pool round trips per file (open, fstat and close were 20% of busy time
 * serving a 1 MiB file); the open, which walks the path, and the reads stay in the thread pool.
 */
export async function openForSend(request: PathsendRequest): Promise<OpenedFile> {
  let fd: number;
  try {
    fd = await new Promise<number>((resolve, reject) =>
      open(request.path, 'r', (error, opened) => (error ? reject(error) : resolve(opened))),
    );
  } catch (error) {
    const reason = (error as Error).message;
    throw new InvalidMessageError(`http.response.pathsend: cannot open ${request.path}: ${reason}`, { cause: error });
  }
  let size: number;
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) {
      throw new InvalidMessageError(`http.response.pathsend: ${request.path} is not a regular file`);
    }
    size = info.size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  const available = Math.max(0, size - request.offset);
  const length = request.length === -1 ? available : request.length;
  return { fd, offset: request.offset, length };
}

/** Closes a file from {@link openForSend} that will not be streamed. */
export function closeForSend(file: OpenedFile): void {
  closeSync(file.fd);
}

/** Reads into `chunk` from `position`; resolves with the count read. */
function readAt(fd: number, chunk: Buffer, count: number, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    read(fd, chunk, 0, count, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))),
  );
}

/**
 * Reads `file` in chunks and hands each to `write` (which resolves when the server has room for more). The chunks
 * are the server's own buffers: `write` passes `release` to the protocol, which calls it once the bytes are on
 * their way, and the buffer is reused; until then nothing writes into it. Returns `false` when the file ended
 * before `length` bytes (the caller ends the response abnormally). Always closes the file.
 */
export async function streamFile(
  file: OpenedFile,
  write: (chunk: Uint8Array, more: boolean, release: () => void) => Promise<void>,
): Promise<boolean> {
  try {
    let position = file.offset;
    let left = file.length;
    if (left === 0) {
      await write(new Uint8Array(0), false, noop);
      return true;
    }
    while (left > 0) {
      const chunk = takeChunk();
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        giveBack(chunk);
      };
      let bytesRead: number;
      try {
        bytesRead = await readAt(file.fd, chunk, Math.min(CHUNK, left), position);
      } catch (error) {
        release(); // nothing was handed on
        throw error;
      }
      if (bytesRead === 0) {
        release();
        return false;
      }
      position += bytesRead;
      left -= bytesRead;
      await write(bytesRead === chunk.byteLength ? chunk : chunk.subarray(0, bytesRead), left > 0, release);
    }
    return true;
  } finally {
    closeSync(file.fd);
  }
}

/**
 * Sends the file `request` names as a response body through `write` (spec: EXT-PATHSEND-*). Opening fails with
 * nothing on the wire (EXT-PATHSEND-FAIL); where the response has no body (`bodyAllowed` false: HEAD, 204, 304)
 * the file is only opened, as the check, and an empty final body is written. `false`: see {@link streamFile}.
 */
export async function sendFile(
  request: PathsendRequest,
  bodyAllowed: boolean,
  write: (chunk: Uint8Array, more: boolean, release?: () => void) => Promise<void>,
): Promise<boolean> {
  const file = await openForSend(request);
  if (!bodyAllowed) {
    closeForSend(file);
    await write(new Uint8Array(0), false);
    return true;
  }
  return streamFile(file, write);
}
