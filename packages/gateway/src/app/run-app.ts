/**
 * @module Calls the app for one request and maps how its call ends onto the response (spec: APP-ERROR-BEFORE-START,
 * APP-ERROR-AFTER-START, APP-RETURN-INCOMPLETE). The one place app failures are mapped.
 */
import { isClientDisconnected, type Application, type HttpScope } from '@tsgi/spec';
import type { HttpStream } from '../stream/http-stream.js';

/**
 * Runs `app` for `scope` on `stream`. Never throws; the outcome reaches the stream. A synchronous throw and a
 * non-promise return are mapped at once, as before any microtask.
 */
export function runApp(app: Application, scope: HttpScope, stream: HttpStream): void {
  let call: Promise<void>;
  try {
    call = app(scope, stream.receive, stream.send);
  } catch (error) {
    appFailed(stream, error); // a synchronous throw from a non-async function
    return;
  }
  if (call === null || typeof (call as { then?: unknown }).then !== 'function') {
    appReturned(stream);
    return;
  }
  call.then(returned.bind(stream), failed.bind(stream));
}

// Named functions bound per request, not an async wrapper (`try { await call } catch`): measured in-process over a
// fake port (scope + stream + hello app), the async frame made a request ~6% slower than these two bound functions.
function returned(this: HttpStream): void {
  appReturned(this);
}
function failed(this: HttpStream, error: unknown): void {
  appFailed(this, error);
}

/** The app's call failed with `error` (spec: APP-ERROR-BEFORE-START, APP-ERROR-AFTER-START). */
export function appFailed(stream: HttpStream, error: unknown): void {
  const { logger } = stream.context;
  if (isClientDisconnected(error)) {
    logger.debug('app stopped: the client disconnected'); // spec FLOW-DISCONNECT-NOT-LOGGED
    return;
  }
  if (stream.disconnected) {
    logger.debug(`app failed after the client disconnected: ${String(error)}`);
    return;
  }
  if (stream.finished) {
    logger.error('app failed after completing the response', error);
  } else if (!stream.headSent) {
    logger.error('app failed before the response started; answering 500', error);
    stream.answerError();
  } else {
    logger.error('app failed during the response; ending it abnormally', error);
    stream.cutOff('app failed');
  }
}

/** The app's call returned (spec: APP-RETURN-INCOMPLETE). */
export function appReturned(stream: HttpStream): void {
  if (stream.disconnected || stream.finished) return;
  if (stream.headSent) {
    stream.context.logger.warn('app returned before completing the response; ending it abnormally');
    stream.cutOff('app returned early');
    return;
  }
  stream.context.logger.error('app returned without sending a response; answering 500');
  stream.answerError();
}
