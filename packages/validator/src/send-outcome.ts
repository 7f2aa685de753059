/**
 * @module The server's answer to `send()` (server side): it rejects what it cannot accept (MSG-INVALID), with the
 * spec's two errors and their codes, and rejects everything once the client has gone (FLOW-SEND-AFTER-DISCONNECT).
 */
import { CLIENT_DISCONNECTED, INVALID_MESSAGE, isClientDisconnected } from '@tsgi/spec';
import { serverViolation, type ValidationError } from './errors.js';
import type { Finding } from './tracker.js';

/** The two error codes of gateway.md §5, with their names and the requirement that defines each. */
const SPEC_ERRORS = [
  { code: INVALID_MESSAGE, name: 'InvalidMessageError', requirement: 'MSG-INVALID' },
  { code: CLIENT_DISCONNECTED, name: 'ClientDisconnectedError', requirement: 'FLOW-SEND-AFTER-DISCONNECT' },
] as const;

/** The first finding a server must reject at once (not one it may defer to the first body). */
function mustReject(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => f.rejects && f.deferrable !== true);
}

/**
 * `send()` resolved. A server accepts no message it cannot accept (MSG-INVALID), and accepts none once the client
 * has gone (FLOW-SEND-AFTER-DISCONNECT). `goneAtCall`: the client had gone when the app called `send()`.
 */
export function checkSendResolved(findings: readonly Finding[], goneAtCall: boolean): ValidationError[] {
  const invalid = mustReject(findings);
  if (invalid !== undefined) {
    return [serverViolation('MSG-INVALID', `send() accepted a message it must reject with TSGI_INVALID_MESSAGE (${invalid.error.requirement})`)];
  }
  if (goneAtCall) return [serverViolation('FLOW-SEND-AFTER-DISCONNECT', 'send() resolved after the client had gone; it must reject with TSGI_CLIENT_DISCONNECTED')];
  return [];
}

/**
 * `send()` rejected. An error that claims to be one of the spec's (by `name` or `code`) is an `Error` with both the
 * right `name` and `code` (gateway.md §5). `TSGI_INVALID_MESSAGE` is only for messages that break the spec
 * (MSG-INVALID); an invalid message is rejected as invalid even after a disconnect (MSG-INVALID).
 * `cleanScope`: no violation at all so far in this scope, so the validator's view matches the server's.
 * `refusable`: the server may refuse this message as invalid though it breaks no rule (a path send of a file that
 * cannot be opened, EXT-PATHSEND-FAIL), so a `TSGI_INVALID_MESSAGE` rejection of it is not judged here.
 */
export function checkSendRejected(error: unknown, findings: readonly Finding[], cleanScope: boolean, refusable = false): ValidationError[] {
  const found: ValidationError[] = [];
  const { name, code } = typeof error === 'object' && error !== null ? (error as { name?: unknown; code?: unknown }) : {};
  for (const spec of SPEC_ERRORS) {
    if ((name === spec.name || code === spec.code) && !(error instanceof Error && name === spec.name && code === spec.code)) {
      found.push(serverViolation(spec.requirement, `send() rejected with name ${String(name)} and code ${String(code)}; the spec's error is an Error with name ${spec.name} and code ${spec.code}`));
    }
  }
  if (code === INVALID_MESSAGE && findings.length === 0 && cleanScope && !refusable) {
    found.push(serverViolation('MSG-INVALID', 'send() rejected a valid message with TSGI_INVALID_MESSAGE'));
  }
  const invalid = mustReject(findings);
  if (isClientDisconnected(error) && invalid !== undefined) {
    found.push(serverViolation('MSG-INVALID', `send() rejected an invalid message (${invalid.error.requirement}) with TSGI_CLIENT_DISCONNECTED; the message is checked before the disconnect`));
  }
  return found;
}
