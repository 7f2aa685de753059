/** @module One access-log entry per request, the same for every protocol. */
import type { HttpScope } from '@tsgi/spec';
import type { GatewayRuntime } from './runtime.js';

/** What a finished stream reports (see `StreamObserver`). */
export interface FinishedStream {
  /** Status code of the response as sent (0 if no head was prepared). */
  readonly status: number;
  /** Response body bytes put on the wire. */
  readonly bytesSent: number;
  /** `true` when the response was cut off rather than completed. */
  readonly aborted: boolean;
}

/**
 * Writes the entry for one request if access logging is on. The client, method, version and headers are read from
 * `scope` when the response ends, so the client is the one trusted proxy headers named (spec SERVER-PROXY-CHAIN);
 * `target` is the request target as received. `startedAt` is `performance.now()` at the start of the request.
 */
export function logAccess(
  runtime: GatewayRuntime,
  scope: HttpScope,
  target: string,
  stream: FinishedStream,
  startedAt: number,
): void {
  const log = runtime.options.accessLog;
  if (log === null) return;
  let referer: string | null = null;
  let userAgent: string | null = null;
  let host: string | null = null;
  const headers = scope.headers;
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i]!;
    if (name === 'referer') referer ??= value;
    else if (name === 'user-agent') userAgent ??= value;
    else if (name === 'host') host ??= value;
  }
  const client = scope.client;
  log({
    time: new Date(performance.timeOrigin + startedAt),
    client: client === null ? '-' : client[0].includes(':') ? `[${client[0]}]:${client[1]}` : `${client[0]}:${client[1]}`,
    clientAddress: client === null ? null : client[0],
    method: scope.method,
    target,
    httpVersion: scope.httpVersion,
    status: stream.status,
    bytes: stream.bytesSent,
    durationMs: performance.now() - startedAt,
    referer,
    userAgent,
    host,
  });
}
