/** @module A test helper for APP-UNKNOWN-SCOPE: call the app with a scope type it cannot know, and expect a throw. */
import type { Application, Receive, Scope, Send } from '@tsgi/spec';
import { appViolation } from './errors.js';
import { Reporter, type ValidateOptions } from './report.js';

/** Scopes made by {@link validateScopeRejection}; {@link validate} passes them through unchecked. */
const probes = new WeakSet<object>();

/** `true` for a scope made by {@link validateScopeRejection}. */
export function isScopeRejectionProbe(scope: unknown): boolean {
  return typeof scope === 'object' && scope !== null && probes.has(scope);
}

/** The scope type of the probe; a server never sends it (APP-UNKNOWN-SCOPE), so only a test can. */
export const UNKNOWN_SCOPE_TYPE = 'x-unknown';

/**
 * Calls `app` once with a scope of type `"x-unknown"` (with `tsgi`, `extensions: {}` and `state: {}`) and checks
 * that it throws, synchronously or by rejecting, without calling `receive()` or `send()` (APP-UNKNOWN-SCOPE).
 * If it does not: in throw mode (the default) the returned promise rejects with a `ValidationError`
 * (side `app`); with an `onViolation` function, the function gets it and the promise resolves.
 * `app` may be a validated app: the probe passes through {@link validate} unchecked.
 */
export async function validateScopeRejection(app: Application, options?: ValidateOptions): Promise<void> {
  const scope = { type: UNKNOWN_SCOPE_TYPE, tsgi: { version: '1.0', specVersion: '1.0' }, extensions: {}, state: {} };
  probes.add(scope);
  const used: string[] = [];
  const refuse = (name: string): Promise<never> => {
    used.push(name);
    return Promise.reject(appViolation('APP-UNKNOWN-SCOPE', `called ${name}() on a scope of unknown type "${UNKNOWN_SCOPE_TYPE}"`));
  };
  const receive: Receive = () => refuse('receive');
  const send: Send = () => refuse('send');
  let threw = false;
  try {
    await app(scope as unknown as Scope, receive, send);
  } catch {
    threw = true;
  }
  const problems = [];
  if (used.length > 0) problems.push(appViolation('APP-UNKNOWN-SCOPE', `used ${[...new Set(used)].join('() and ')}() on a scope of unknown type "${UNKNOWN_SCOPE_TYPE}" instead of throwing`));
  else if (!threw) problems.push(appViolation('APP-UNKNOWN-SCOPE', `returned normally for a scope of unknown type "${UNKNOWN_SCOPE_TYPE}"; it must throw`));
  const error = new Reporter(options).raise(problems);
  if (error !== undefined) throw error;
}
