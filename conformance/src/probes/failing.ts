/**
 * @module Probe apps that fail at a chosen point of a response: before the start, between start and body,
 * mid-body, after completion; and apps that return early. Each error message carries {@link FAILURE_MARKER} so
 * a scenario can check it never reaches the wire and does reach the log.
 */
import type { Application } from '@tsgi/spec';
import { httpOnly } from './basic.js';
import { tagRemote } from './tag.js';

/** Text inside every error these probes throw. */
export const FAILURE_MARKER = 'conformance-probe-failure-7f3a';

/** Where the app fails or returns. */
export type FailurePoint =
  | 'throw-before-start'
  | 'throw-sync'
  | 'throw-after-start'
  | 'return-without-response'
  | 'return-after-start'
  | 'throw-mid-body'
  | 'return-mid-body'
  | 'throw-after-complete';

const enc = new TextEncoder();

/** An app that fails at `point`. Bodies are chunked (no content-length) so truncation is visible. */
export function failingApp(point: FailurePoint): Application {
  return tagRemote(buildFailingApp(point), { probe: 'failing', point });
}

function buildFailingApp(point: FailurePoint): Application {
  if (point === 'throw-sync') {
    return ((scope: { type: string }) => {
      if (scope.type !== 'http') throw new Error('unsupported scope type');
      throw new Error(`${FAILURE_MARKER}: synchronous throw`);
    }) as unknown as Application;
  }
  return httpOnly(async (_scope, _receive, send) => {
    if (point === 'throw-before-start') throw new Error(`${FAILURE_MARKER}: before start`);
    if (point === 'return-without-response') return;
    await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'text/plain']] });
    if (point === 'throw-after-start') throw new Error(`${FAILURE_MARKER}: after start`);
    if (point === 'return-after-start') return;
    await send({ type: 'http.response.body', body: enc.encode('partial-'), moreBody: true });
    if (point === 'throw-mid-body') throw new Error(`${FAILURE_MARKER}: mid body`);
    if (point === 'return-mid-body') return;
    await send({ type: 'http.response.body', body: enc.encode('complete') });
    throw new Error(`${FAILURE_MARKER}: after complete`);
  });
}
