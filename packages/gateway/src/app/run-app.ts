/**
 * @module Calls the app for one request and maps how its call ends onto the response (spec: APP-ERROR-BEFORE-START,
 * APP-ERROR-AFTER-START, APP-RETURN-INCOMPLETE). The one place app failures are mapped.
 */
import type { Application, HttpScope } from '@tsgi/spec';
import type { HttpStream } from '../stream/http-stream.js';

function returned(this: HttpStream): void {
  this.appReturned();
}
function failed(this: HttpStream, error: unknown): void {
  this.appFailed(error);
}

/** Runs `app` for `scope` on `stream`. Never throws; the outcome reaches the stream. */
export function runApp(app: Application, scope: HttpScope, stream: HttpStream): void {
  let call: Promise<void>;
  try {
    call = app(scope, stream.receive, stream.send);
  } catch (error) {
    stream.appFailed(error); // a synchronous throw from a non-async function
    return;
  }
  if (call === null || typeof (call as { then?: unknown }).then !== 'function') {
    stream.appReturned();
    return;
  }
  call.then(returned.bind(stream), failed.bind(stream));
}
