/**
 * @module `validate(app)`: a middleware that checks both sides of the TSGI interface, as Python's `wsgiref.validate`
 * does for WSGI. It adds no behaviour of its own: messages pass through as the same objects, bodies are never
 * copied or buffered, and a call that breaks no rule goes through exactly as without it.
 */
import type { Application, Receive, ReceiveMessage, Scope, Send, SendMessage } from '@tsgi/spec';
import { isClientDisconnected } from '@tsgi/spec';
import { checkScopeUnchanged, SeenObjects, snapshotScope } from './call-checks.js';
import { appViolation } from './errors.js';
import { createHttpTracker } from './http-tracker.js';
import { createLifespanTracker } from './lifespan-checks.js';
import { Reporter, type ValidateOptions } from './report.js';
import { checkScope, type ScopeKind } from './scope-checks.js';
import { isScopeRejectionProbe } from './scope-rejection.js';
import { checkSendRejected, checkSendResolved } from './send-outcome.js';
import { passThroughTracker, type ScopeTracker } from './tracker.js';

/** Calls `fn`, turning a synchronous throw into a rejection (as a server must treat it, APP-CALLABLE). */
function invoke<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(error);
  }
}

function trackerFor(kind: ScopeKind, scope: Scope): ScopeTracker {
  const record = scope as unknown as Readonly<Record<string, unknown>>;
  if (kind === 'http') return createHttpTracker(record);
  if (kind === 'lifespan') return createLifespanTracker(record);
  return passThroughTracker;
}

/** Wraps the server's `receive`: one pending call at a time (app side), and the server's answer (server side). */
function wrapReceive(receive: Receive, tracker: ScopeTracker, reporter: Reporter): Receive {
  let pending = 0;
  return () => {
    if (pending > 0) {
      // gateway.md §4: "An app awaits one receive() before calling receive() again" (under FLOW-RECEIVE-PULL).
      const error = reporter.raise([appViolation('FLOW-RECEIVE-PULL', 'called receive() while a previous receive() was still pending; await each one first')]);
      if (error !== undefined) return Promise.reject(error);
    }
    pending += 1;
    const check = tracker.receiving();
    return invoke(receive).then(
      (message: ReceiveMessage) => {
        pending -= 1;
        const error = reporter.raise(check(message));
        if (error !== undefined) throw error;
        return message;
      },
      (error: unknown) => {
        pending -= 1;
        throw error;
      },
    );
  };
}

/** Wraps the server's `send`: the app's message (app side) before it goes, the server's answer (server side) after. */
function wrapSend(send: Send, tracker: ScopeTracker, reporter: Reporter): Send {
  return (message: SendMessage) => {
    const cleanBefore = reporter.clean;
    const verdict = tracker.checkSend(message);
    const { findings } = verdict;
    const stop = reporter.raise(findings.map((f) => f.error));
    if (stop !== undefined) return Promise.reject(stop); // throw mode: a message that broke a rule is not sent
    if (!findings.some((f) => f.rejects)) verdict.apply(); // a rejected message leaves the state unchanged (MSG-INVALID)
    const goneAtCall = tracker.clientGone();
    return invoke(() => send(message)).then(
      () => {
        const error = reporter.raise(checkSendResolved(findings, goneAtCall));
        if (error !== undefined) throw error;
      },
      async (rejection: unknown) => {
        if (isClientDisconnected(rejection)) tracker.clientDisconnected();
        const refusal = verdict.refused === undefined ? [] : await verdict.refused(rejection);
        const error = reporter.raise([...checkSendRejected(rejection, findings, cleanBefore, verdict.refused !== undefined), ...refusal]);
        throw error ?? rejection;
      },
    );
  };
}

/**
 * Wraps `app` in a validator that checks both sides of TSGI on every call: the scope, what `receive()` yields and
 * how `send()` answers (server side), and the messages the app sends, their order, the body rules, and how the
 * app's promise ends (app side). Each violation is a {@link ValidationError} naming the spec id and the side.
 *
 * By default a violation is thrown from the offending call: `send()` or `receive()` rejects with it (and a bad
 * message is not sent), and the validated app's promise rejects with a violation of the scope or of the way the
 * app returned; if the app caught a violation thrown at it and returned anyway, its promise rejects with that
 * first violation. With `onViolation` set to a function, each violation is passed to it and every call goes through
 * unchanged. An error the app throws passes through unchanged in both modes.
 */
export function validate(app: Application, options: ValidateOptions = {}): Application {
  const seen = new SeenObjects();
  return async (scope: Scope, receive: Receive, send: Send): Promise<void> => {
    if (isScopeRejectionProbe(scope)) return app(scope, receive, send);
    const reporter = new Reporter(options);
    const { kind, violations } = checkScope(scope);
    const stop = reporter.raise([...violations, ...seen.checkFresh(scope, receive, send)]);
    if (stop !== undefined) throw stop;
    const tracker = trackerFor(kind, scope);
    const before = snapshotScope(scope);
    await app(scope, wrapReceive(receive, tracker, reporter), wrapSend(send, tracker, reporter));
    // Throw mode: a violation the app caught (say, around a send() it expects may fail) still fails the call.
    const caught = reporter.thrown;
    const error = reporter.raise([...tracker.returned(), ...checkScopeUnchanged(scope, before)]);
    if (caught !== undefined) throw caught;
    if (error !== undefined) throw error;
  };
}
