/**
 * @module The `lifespan` scope from both sides, as one table: startup, then startup.complete or startup.failed,
 * then shutdown, then shutdown.complete or shutdown.failed (lifespan.md §2–§3).
 */
import { appViolation, serverViolation, type ValidationError } from './errors.js';
import { advertisedExtensionOf, unknownSendType } from './extensions.js';
import { isObject, show } from './syntax.js';
import { rejected, type Finding, type ScopeTracker, type SendVerdict } from './tracker.js';

/** Where the lifespan call is. */
export type LifespanPhase = 'initial' | 'starting' | 'serving' | 'failed' | 'stopping' | 'done';

/** A broken rule: the requirement, the side that broke it and what went wrong. */
interface Fault {
  readonly requirement: string;
  readonly side: 'app' | 'server';
  readonly detail: string;
}

const early = (type: string): Fault => ({ requirement: 'MSG-INVALID', side: 'app', detail: `sent ${type} out of order (an answer before its question, or a second answer)` });
const unasked = (type: string): Fault => ({ requirement: 'MSG-INVALID', side: 'app', detail: `sent ${type} out of order (an answer to a question not asked)` });
const NOT_FIRST: Fault = { requirement: 'LIFESPAN-STARTUP', side: 'server', detail: 'the first receive() must yield lifespan.startup, and only once' };
const SHUTDOWN_EARLY: Fault = { requirement: 'LIFESPAN-SHUTDOWN', side: 'server', detail: 'receive() yielded lifespan.shutdown before the app completed startup' };
const SHUTDOWN_AFTER_FAILED: Fault = {
  requirement: 'LIFESPAN-STARTUP-FAILED',
  side: 'server',
  detail: 'receive() yielded lifespan.shutdown after lifespan.startup.failed; the server does not serve and sends no shutdown',
};
const AFTER_SHUTDOWN: Fault = { requirement: 'LIFESPAN-SHUTDOWN', side: 'server', detail: 'receive() yielded a message after lifespan.shutdown, which is the last' };

/** The lifespan state machine: for each phase and message type, the next phase or the rule broken (and by whom). */
export const LIFESPAN_TABLE: Readonly<Record<LifespanPhase, Readonly<Record<string, LifespanPhase | Fault>>>> = {
  initial: {
    'lifespan.startup': 'starting', 'lifespan.shutdown': NOT_FIRST,
    'lifespan.startup.complete': early('lifespan.startup.complete'), 'lifespan.startup.failed': early('lifespan.startup.failed'),
    'lifespan.shutdown.complete': unasked('lifespan.shutdown.complete'), 'lifespan.shutdown.failed': unasked('lifespan.shutdown.failed'),
  },
  starting: {
    'lifespan.startup': NOT_FIRST, 'lifespan.shutdown': SHUTDOWN_EARLY,
    'lifespan.startup.complete': 'serving', 'lifespan.startup.failed': 'failed',
    'lifespan.shutdown.complete': unasked('lifespan.shutdown.complete'), 'lifespan.shutdown.failed': unasked('lifespan.shutdown.failed'),
  },
  serving: {
    'lifespan.startup': NOT_FIRST, 'lifespan.shutdown': 'stopping',
    'lifespan.startup.complete': early('lifespan.startup.complete'), 'lifespan.startup.failed': early('lifespan.startup.failed'),
    'lifespan.shutdown.complete': unasked('lifespan.shutdown.complete'), 'lifespan.shutdown.failed': unasked('lifespan.shutdown.failed'),
  },
  failed: {
    'lifespan.startup': NOT_FIRST, 'lifespan.shutdown': SHUTDOWN_AFTER_FAILED,
    'lifespan.startup.complete': early('lifespan.startup.complete'), 'lifespan.startup.failed': early('lifespan.startup.failed'),
    'lifespan.shutdown.complete': unasked('lifespan.shutdown.complete'), 'lifespan.shutdown.failed': unasked('lifespan.shutdown.failed'),
  },
  stopping: {
    'lifespan.startup': AFTER_SHUTDOWN, 'lifespan.shutdown': AFTER_SHUTDOWN,
    'lifespan.startup.complete': early('lifespan.startup.complete'), 'lifespan.startup.failed': early('lifespan.startup.failed'),
    'lifespan.shutdown.complete': 'done', 'lifespan.shutdown.failed': 'done',
  },
  done: {
    'lifespan.startup': AFTER_SHUTDOWN, 'lifespan.shutdown': AFTER_SHUTDOWN,
    'lifespan.startup.complete': early('lifespan.startup.complete'), 'lifespan.startup.failed': early('lifespan.startup.failed'),
    'lifespan.shutdown.complete': early('lifespan.shutdown.complete'), 'lifespan.shutdown.failed': early('lifespan.shutdown.failed'),
  },
};

const RECEIVE_TYPES: ReadonlySet<string> = new Set(['lifespan.startup', 'lifespan.shutdown']);
const SEND_TYPES: ReadonlySet<string> = new Set(['lifespan.startup.complete', 'lifespan.startup.failed', 'lifespan.shutdown.complete', 'lifespan.shutdown.failed']);

function violation(fault: Fault): ValidationError {
  return fault.side === 'app' ? appViolation(fault.requirement, fault.detail) : serverViolation(fault.requirement, fault.detail);
}

/** Makes the tracker of one `lifespan` app call. */
export function createLifespanTracker(scope: Readonly<Record<string, unknown>>): ScopeTracker {
  const extensions = scope['extensions'];
  let phase: LifespanPhase = 'initial';

  const checkSend = (message: unknown): SendVerdict => {
    if (!isObject(message)) return { findings: [rejected(appViolation('MSG-INVALID', `sent ${show(message)}, not a message object`))], apply: () => undefined };
    const type = message['type'];
    if (typeof type !== 'string' || !SEND_TYPES.has(type)) {
      const ok = typeof type === 'string' && advertisedExtensionOf(type, extensions) !== undefined;
      return { findings: ok ? [] : [rejected(unknownSendType(type, 'lifespan'))], apply: () => undefined };
    }
    const findings: Finding[] = [];
    const text = message['message'];
    if (type.endsWith('.failed') && text !== undefined && typeof text !== 'string') {
      findings.push(rejected(appViolation('MSG-INVALID', `${type} message is ${show(text)}, not a string`)));
    }
    const next = LIFESPAN_TABLE[phase][type];
    if (typeof next === 'object') findings.push(rejected(violation(next)));
    return { findings, apply: () => { if (typeof next === 'string') phase = next; } };
  };

  const checkReceived = (message: unknown): ValidationError[] => {
    const type = isObject(message) ? message['type'] : undefined;
    if (typeof type === 'string' && !RECEIVE_TYPES.has(type) && advertisedExtensionOf(type, extensions) !== undefined) return [];
    if (typeof type !== 'string' || !RECEIVE_TYPES.has(type)) {
      const fault = phase === 'initial' ? NOT_FIRST : AFTER_SHUTDOWN;
      const why = phase === 'initial' ? NOT_FIRST.detail : 'it yields only lifespan.startup and lifespan.shutdown';
      return [serverViolation(fault.requirement, `receive() yielded ${show(type)}; ${why}`)];
    }
    const next = LIFESPAN_TABLE[phase][type];
    if (typeof next === 'object') return [violation(next)];
    phase = next ?? phase;
    return [];
  };

  return {
    checkSend,
    receiving: () => checkReceived,
    clientDisconnected: () => undefined,
    clientGone: () => false,
    returned: () => {
      // LIFESPAN-STARTUP-ERROR / LIFESPAN-SHUTDOWN: the app answers each question with exactly one message.
      if (phase === 'starting') return [appViolation('LIFESPAN-STARTUP-ERROR', 'returned after lifespan.startup without sending lifespan.startup.complete or .failed')];
      if (phase === 'stopping') return [appViolation('LIFESPAN-SHUTDOWN', 'returned after lifespan.shutdown without sending lifespan.shutdown.complete or .failed')];
      return [];
    },
  };
}
