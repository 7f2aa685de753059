/** @module A probe that streams a response until `send()` rejects, and records how it rejected. */
import type { Application } from '@tsgi/spec';
import { isClientDisconnected } from '@tsgi/spec';
import type { Recorder } from '../recorder.js';
import { sleep } from '../util.js';
import { httpOnly } from './basic.js';

/** Options of {@link streamUntilRejected}. */
export interface StreamOptions {
  /** Rethrow the disconnect error from the app (to check it is not logged as a failure). */
  readonly rethrow?: boolean;
  /** After the rejection, send a second `http.response.start` (invalid) and record how that rejects. */
  readonly thenInvalid?: boolean;
}

/**
 * Streams 16 KiB chunks (chunked framing) every few ms until a `send()` rejects. Records
 * `rejected code=... name=... isClientDisconnected=...`, then `again code=...` for one more body send, and
 * with `thenInvalid` `invalid code=...` for a second start.
 */
export function streamUntilRejected(rec: Recorder<string>, options: StreamOptions = {}): Application {
  return httpOnly(async (_scope, _receive, send) => {
    const chunk = new Uint8Array(16 * 1024).fill(0x61);
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
    const deadline = Date.now() + 10_000;
    let failure: unknown = null;
    while (Date.now() < deadline) {
      try {
        await send({ type: 'http.response.body', body: chunk.slice(), moreBody: true });
      } catch (error) {
        failure = error;
        break;
      }
      await sleep(5);
    }
    if (failure === null) {
      rec.push('never rejected');
      return;
    }
    const e = failure as { code?: unknown; name?: unknown };
    rec.push(`rejected code=${String(e.code)} name=${String(e.name)} isClientDisconnected=${isClientDisconnected(failure)}`);
    try {
      await send({ type: 'http.response.body', body: chunk.slice(), moreBody: true });
      rec.push('again resolved');
    } catch (error) {
      rec.push(`again code=${String((error as { code?: unknown }).code)}`);
    }
    if (options.thenInvalid) {
      try {
        await send({ type: 'http.response.start', status: 200 });
        rec.push('invalid resolved');
      } catch (error) {
        rec.push(`invalid code=${String((error as { code?: unknown }).code)}`);
      }
    }
    if (options.rethrow) throw failure;
  });
}
