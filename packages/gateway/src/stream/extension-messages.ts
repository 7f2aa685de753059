/**
 * @module The extension messages of a response (spec extensions.md), as `send()` of an {@link HttpStream} handles
 * them: `http.response.trailers` after the final body, `http.response.pathsend` as the body, and
 * `http.response.earlyHints` before the start. Each is accepted only when the scope advertised it (EXT-ADVERTISED).
 * Few responses use them, so they live apart from the start/body path of http-stream.ts and reach the stream's
 * private state through {@link StreamAccess}, which the class grants once when it is defined: no per-request cost.
 */
import {
  ClientDisconnectedError,
  InvalidMessageError,
  type Extensions,
  type HeaderField,
  type HttpResponseEarlyHintsMessage,
  type HttpResponsePathsendMessage,
  type HttpResponseTrailersMessage,
} from '@tsgi/spec';
import type { HttpStream, ResponseState } from './http-stream.js';
import type { StreamPort } from './port.js';
import { checkEarlyHints, checkTrailers } from './extensions.js';
import { checkPathsend, sendFile } from './pathsend.js';

const EMPTY = new Uint8Array(0);
/** One resolved promise for every handled message, as in http-stream.ts. */
const SETTLED: Promise<void> = Promise.resolve();

/** What the extension messages need of a stream beyond its public members. */
export interface StreamAccess {
  state(stream: HttpStream): ResponseState;
  port(stream: HttpStream): StreamPort;
  extensions(stream: HttpStream): Extensions;
  trailersAnnounced(stream: HttpStream): boolean;
  /** The trailer fields sent so far (made on first use: most responses have none). */
  trailerFields(stream: HttpStream): HeaderField[];
  /** The head as the wire carries it, made now if the body has not started (may throw MSG-INVALID). */
  bodyAllowed(stream: HttpStream): boolean;
  pathsending(stream: HttpStream): boolean;
  setPathsending(stream: HttpStream, on: boolean): void;
  /** The body path of `send()`, with its rules and backpressure. */
  sendBody(stream: HttpStream, body: Uint8Array, more: boolean, release?: () => void): Promise<void>;
  /** The response is complete. */
  finish(stream: HttpStream): void;
}

let access: StreamAccess;

/** Called once, by HttpStream's static block. */
export function grantStreamAccess(granted: StreamAccess): void {
  access = granted;
}

function requireAdvertised(stream: HttpStream, name: keyof Extensions & string): void {
  if (access.extensions(stream)[name] === undefined) {
    throw new InvalidMessageError(`send(): ${name} is not advertised in scope.extensions (spec EXT-ADVERTISED)`);
  }
}

/** Spec EXT-EARLYHINTS-ORDER and -WIRE. Throws {@link InvalidMessageError}. */
export function sendEarlyHints(stream: HttpStream, message: HttpResponseEarlyHintsMessage): Promise<void> {
  requireAdvertised(stream, 'http.response.earlyHints');
  if (access.state(stream) !== 'INIT') throw new InvalidMessageError('http.response.earlyHints after http.response.start');
  checkEarlyHints(message.headers); // spec EXT-EARLYHINTS-ORDER
  if (stream.disconnected) return Promise.reject(new ClientDisconnectedError());
  access.port(stream).earlyHints?.(message.headers as HeaderField[]); // spec EXT-EARLYHINTS-WIRE
  return SETTLED;
}

/** Spec EXT-TRAILERS-ORDER and -WIRE. Throws {@link InvalidMessageError}. */
export function sendTrailers(stream: HttpStream, message: HttpResponseTrailersMessage): Promise<void> {
  requireAdvertised(stream, 'http.response.trailers');
  if (access.state(stream) !== 'TRAILERS') {
    throw new InvalidMessageError(
      access.trailersAnnounced(stream) || stream.finished
        ? 'http.response.trailers before the final body, or after the response is complete'
        : 'http.response.trailers without trailers: true on http.response.start',
    );
  }
  const fields = checkTrailers(message.headers);
  if (stream.disconnected) return Promise.reject(new ClientDisconnectedError());
  const collected = access.trailerFields(stream);
  for (const field of fields) collected.push(field);
  if (message.moreTrailers === true) return SETTLED;
  // No body, no place for trailers (204, 304, HEAD): they are dropped and the response still completes.
  const trailers = access.bodyAllowed(stream) ? collected : [];
  const port = access.port(stream);
  if (port.finish !== undefined) port.finish(trailers);
  else port.write(EMPTY, true);
  access.finish(stream);
  return SETTLED;
}

/** Spec EXT-PATHSEND-*: the file is the body, fed through the same rules and backpressure as body messages. */
export async function sendPath(stream: HttpStream, message: HttpResponsePathsendMessage): Promise<void> {
  requireAdvertised(stream, 'http.response.pathsend');
  const state = access.state(stream);
  if (state !== 'STARTED' || access.pathsending(stream)) {
    throw new InvalidMessageError(
      state === 'INIT' ? 'http.response.pathsend before http.response.start' : 'http.response.pathsend after a body',
    );
  }
  const request = checkPathsend(message);
  if (stream.disconnected) throw new ClientDisconnectedError();
  access.setPathsending(stream, true);
  try {
    const bodyAllowed = access.bodyAllowed(stream);
    const complete = await sendFile(request, bodyAllowed, (chunk, more, release) =>
      stream.disconnected ? Promise.reject(new ClientDisconnectedError()) : access.sendBody(stream, chunk, more, release),
    );
    if (!complete) stream.cutOff('the file ended before the length asked for');
  } finally {
    access.setPathsending(stream, false);
  }
}
