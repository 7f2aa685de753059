/**
 * @module Checks on the app call itself: each call gets its own scope, `receive`, `send` and request `state`
 * (server side: APP-CALLABLE, HTTP-SCOPE-TYPE, HTTP-SCOPE-STATE), and the app leaves the scope as it got it (app side).
 */
import { appViolation, serverViolation, type ValidationError } from './errors.js';
import { isObject, show } from './syntax.js';

/** The objects seen in earlier calls of one validated app; weak, so nothing is kept alive. */
export class SeenObjects {
  private readonly scopes = new WeakSet<object>();
  private readonly functions = new WeakSet<object>();
  private readonly states = new WeakSet<object>();

  /**
   * Checks that this call's objects are new, then remembers them. No two calls share a scope, `receive` or `send`
   * (APP-CALLABLE; for `http`, HTTP-SCOPE-TYPE), and each request gets its own copy of the state (HTTP-SCOPE-STATE).
   */
  checkFresh(scope: unknown, receive: unknown, send: unknown): ValidationError[] {
    const found: ValidationError[] = [];
    const http = isObject(scope) && scope['type'] === 'http';
    if (isObject(scope)) {
      if (this.scopes.has(scope)) {
        found.push(serverViolation(http ? 'HTTP-SCOPE-TYPE' : 'APP-CALLABLE', 'passed a scope object it had already passed to another call'));
      }
      this.scopes.add(scope);
      const state = scope['state'];
      if (isObject(state)) {
        if (http && this.states.has(state)) {
          found.push(serverViolation('HTTP-SCOPE-STATE', 'passed a state object already seen in another scope; each request gets a new shallow copy'));
        }
        this.states.add(state);
      }
    }
    for (const [name, fn] of [['receive', receive], ['send', send]] as const) {
      if (typeof fn !== 'function') {
        found.push(serverViolation('APP-CALLABLE', `passed ${show(fn)} as ${name}, not a function`));
        continue;
      }
      if (this.functions.has(fn)) found.push(serverViolation('APP-CALLABLE', `passed a ${name} function it had already passed to another call`));
      this.functions.add(fn);
    }
    return found;
  }
}

/** The top-level keys and values of the scope when the app was called. */
export type ScopeSnapshot = ReadonlyArray<readonly [string, unknown]>;

/** Takes a shallow snapshot of the scope's keys (the values are not copied). */
export function snapshotScope(scope: unknown): ScopeSnapshot {
  return isObject(scope) ? Object.entries(scope) : [];
}

/**
 * The scope object is read-only for the app (APP-CALLABLE): after the call every key still holds the same value,
 * and none was added. Middleware that changes a key passes a copy. (`state`'s contents may change: LIFESPAN-STATE.)
 */
export function checkScopeUnchanged(scope: unknown, before: ScopeSnapshot): ValidationError[] {
  if (!isObject(scope)) return [];
  const changed = before.filter(([key, value]) => !Object.is(scope[key], value)).map(([key]) => key);
  const added = Object.keys(scope).filter((key) => !before.some(([k]) => k === key));
  const keys = [...changed, ...added];
  if (keys.length === 0) return [];
  return [appViolation('APP-CALLABLE', `changed scope key(s) ${keys.map(show).join(', ')}; the scope is read-only (pass a copy to a wrapped app)`)];
}
