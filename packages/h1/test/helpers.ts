/** @module test/helpers — drives the cores over byte vectors and normalizes what they report. */
import {
  H1ClientConnection,
  H1RemoteProtocolError,
  H1ServerConnection,
  NEED_DATA,
  PAUSED,
  type H1Limits,
} from '../src/index.js';

export const enc = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
export const dec = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
export const cat = (parts: Uint8Array[]): string => parts.map(dec).join('');

/** A normalized record of what a connection reported: body data merged so chunk boundaries do not matter. */
export type Rec =
  | { type: 'request'; [k: string]: unknown }
  | { type: 'response'; [k: string]: unknown }
  | { type: 'informational'; [k: string]: unknown }
  | { type: 'body'; data: string }
  | { type: 'end-of-message'; trailers: [string, string][] }
  | { type: 'connection-closed' }
  | { type: 'error'; statusHint: number; code: string };

function push(out: Rec[], ev: { type: string; [k: string]: unknown }): void {
  if (ev.type === 'data') {
    const data = dec(ev['data'] as Uint8Array);
    const last = out[out.length - 1];
    if (last?.type === 'body') last.data += data;
    else out.push({ type: 'body', data });
    return;
  }
  out.push({ ...ev } as Rec);
}

/**
 * Feeds `chunks` to a server then EOF (unless `eof` is false). After each request's end-of-message the server
 * answers 200 with an empty body and, if keep-alive holds, starts the next cycle. Returns the records and the
 * response bytes written.
 */
export function runServer(
  chunks: Uint8Array[],
  limits?: Partial<H1Limits>,
  eof = true,
): { recs: Rec[]; wire: string; conn: H1ServerConnection } {
  const conn = new H1ServerConnection(limits);
  const recs: Rec[] = [];
  let wire = '';
  const drain = (): boolean => {
    for (;;) {
      let ev;
      try {
        ev = conn.nextEvent();
      } catch (err) {
        if (!(err instanceof H1RemoteProtocolError)) throw err;
        recs.push({ type: 'error', statusHint: err.statusHint, code: err.code });
        return false;
      }
      if (ev === NEED_DATA) return true;
      if (ev === PAUSED) return true;
      push(recs, ev as { type: string });
      if (ev.type === 'connection-closed') return false;
      if (ev.type === 'end-of-message') {
        wire += dec(conn.writeHead(200, [['content-length', '0']]));
        wire += dec(conn.writeEnd());
        if (conn.keepAlive) conn.startNextCycle();
      }
    }
  };
  for (const c of chunks) {
    conn.receiveData(c);
    if (!drain()) return { recs, wire, conn };
  }
  if (eof) {
    conn.receiveData(new Uint8Array(0));
    drain();
  }
  return { recs, wire, conn };
}

/** Feeds `chunks` then EOF to a client that sent `method`; returns the records. */
export function runClient(chunks: Uint8Array[], method = 'GET', limits?: Partial<H1Limits>): Rec[] {
  const conn = new H1ClientConnection(limits);
  conn.writeRequest(method, '/', [['host', 'x']]);
  conn.writeEnd();
  const recs: Rec[] = [];
  const drain = (): boolean => {
    for (;;) {
      let ev;
      try {
        ev = conn.nextEvent();
      } catch (err) {
        if (!(err instanceof H1RemoteProtocolError)) throw err;
        recs.push({ type: 'error', statusHint: err.statusHint, code: err.code });
        return false;
      }
      if (ev === NEED_DATA || ev === PAUSED) return true;
      push(recs, ev as { type: string });
      if (ev.type === 'connection-closed') return false;
    }
  };
  for (const c of chunks) {
    conn.receiveData(c);
    if (!drain()) return recs;
  }
  conn.receiveData(new Uint8Array(0));
  drain();
  return recs;
}

/** All ways to feed `bytes`: whole, byte by byte, and in two pieces at every offset. */
export function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [[bytes]];
  const single: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i++) single.push(bytes.slice(i, i + 1));
  out.push(single);
  for (let i = 1; i < bytes.length; i++) out.push([bytes.slice(0, i), bytes.slice(i)]);
  return out;
}

/** The first error record of a server run over `raw`, or undefined. */
export function serverError(raw: string, limits?: Partial<H1Limits>): { statusHint: number; code: string } | undefined {
  const e = runServer([enc(raw)], limits).recs.find((r) => r.type === 'error');
  return e === undefined ? undefined : { statusHint: e['statusHint'] as number, code: e['code'] as string };
}
