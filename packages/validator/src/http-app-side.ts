/**
 * @module The app side of an `http` scope: the checks on each message the app sends, its order (the state machine
 * of http-response-table), and the body rules (http.md §2–§4, extensions.md §3–§5).
 */
import { INVALID_MESSAGE } from '@tsgi/spec';
import { appViolation, type ValidationError } from './errors.js';
import {
  checkEarlyHintsKeys,
  checkPathsendKeys,
  checkTrailersKeys,
  EARLY_HINTS,
  PATHSEND,
  TRAILERS,
} from './extension-messages.js';
import { advertisedExtensionOf, isAdvertised, unknownSendType } from './extensions.js';
import { checkResponseHeaders } from './header-checks.js';
import { AFTER_COMPLETE, AFTER_PATHSEND, nextPhase, type ResponseEvent, type ResponsePhase } from './http-response-table.js';
import { checkPathsendRejected, codeOf } from './pathsend-outcome.js';
import { isIntegerIn, isObject, show } from './syntax.js';
import { corrected, rejected, type Finding, type SendVerdict } from './tracker.js';

export { RESPONSE_TABLE, type ResponsePhase } from './http-response-table.js';

/** Follows the response of one `http` scope as the app sends it. */
export class HttpResponse {
  /** Current phase of the response table. */
  phase: ResponsePhase = 'initial';
  private status: number | undefined;
  private contentLength: number | undefined;
  private bytes = 0;
  private overReported = false;
  private trailersAnnounced = false;
  private pathsendSent = false;

  /** @param method - the scope's `method` (HEAD has no body, HTTP-RESP-HEAD); @param extensions - `scope.extensions` */
  constructor(private readonly method: unknown, private readonly extensions: unknown) {}

  /** `true` once the first body (or the path send) was accepted: the response is on the wire (gateway.md, Terms). */
  get committed(): boolean {
    return this.phase === 'streaming' || this.phase === 'trailers' || this.phase === 'complete';
  }

  /** `true` at the final body, or with announced trailers at the last trailers (HTTP-BODY-END, EXT-TRAILERS-ORDER). */
  get complete(): boolean {
    return this.phase === 'complete';
  }

  /** Checks one message the app sends; unknown keys are ignored (MSG-UNKNOWN-KEYS). */
  check(message: unknown): SendVerdict {
    if (!isObject(message)) return { findings: [rejected(appViolation('MSG-INVALID', `sent ${show(message)}, not a message object`))], apply: noop };
    const type = message['type'];
    if (type === 'http.response.start') return this.checkStart(message);
    if (type === 'http.response.body') return this.checkBody(message);
    const extension = typeof type === 'string' ? advertisedExtensionOf(type, this.extensions) : undefined;
    if (extension === undefined) return { findings: [rejected(unknownSendType(type, 'http'))], apply: noop };
    if (type === TRAILERS) return this.checkTrailers(message);
    if (type === PATHSEND) return this.checkPathsend(message);
    if (type === EARLY_HINTS) return this.checkEarlyHints(message);
    if (extension === TRAILERS || extension === PATHSEND || extension === EARLY_HINTS) {
      return { findings: [rejected(appViolation('MSG-INVALID', `sent ${show(type)}, a message type "${extension}" does not define`))], apply: noop };
    }
    return this.checkExtension(type as string);
  }

  /** The next phase on `event`, or the phase unchanged with the broken rule added to `findings` (MSG-INVALID). */
  private step(event: ResponseEvent, findings: Finding[]): ResponsePhase {
    const next = nextPhase(this.phase, event, this.trailersAnnounced, this.pathsendSent);
    if (typeof next === 'string') return next;
    findings.push(rejected(appViolation(next.requirement, next.detail)));
    return this.phase;
  }

  /** `http.response.start`: order, status (HTTP-START-STATUS), headers, `trailers` (EXT-ADVERTISED), 204 length. */
  private checkStart(message: Record<string, unknown>): SendVerdict {
    const findings: Finding[] = [];
    const next = this.step('start', findings);
    const status = message['status'];
    if (!isIntegerIn(status, 200, 599)) {
      findings.push(rejected(appViolation('HTTP-START-STATUS', `status is ${show(status)}, not an integer from 200 to 599`)));
    }
    const headers = checkResponseHeaders(message['headers']);
    findings.push(...headers.findings);
    const trailers = message['trailers'];
    if (trailers !== undefined && typeof trailers !== 'boolean') {
      findings.push(rejected(appViolation('MSG-INVALID', `trailers is ${show(trailers)}, not a boolean`)));
    }
    const trailersAdvertised = isAdvertised(this.extensions, TRAILERS);
    if (trailers === true && !trailersAdvertised) {
      findings.push(corrected(appViolation('EXT-ADVERTISED', `set trailers: true, but the server did not advertise "${TRAILERS}"`)));
    }
    if (status === 204 && headers.contentLength !== undefined) {
      findings.push(corrected(appViolation('HTTP-RESP-NOBODY', 'sent content-length on a 204 response, which has no content (RFC 9110 §8.6)')));
    }
    const apply = (): void => {
      this.phase = next;
      this.status = typeof status === 'number' ? status : undefined;
      this.contentLength = headers.contentLength;
      this.trailersAnnounced = trailers === true && trailersAdvertised;
    };
    return { findings, apply };
  }

  /** `http.response.body`: order, key types, and the body rules of http.md §3. */
  private checkBody(message: Record<string, unknown>): SendVerdict {
    const findings: Finding[] = [];
    const { body, moreBody } = message;
    if (body !== undefined && !(body instanceof Uint8Array)) {
      findings.push(rejected(appViolation('MSG-INVALID', `body is ${show(body)}, not a Uint8Array`)));
    }
    if (moreBody !== undefined && typeof moreBody !== 'boolean') {
      findings.push(rejected(appViolation('MSG-INVALID', `moreBody is ${show(moreBody)}, not a boolean`)));
    }
    const last = moreBody !== true;
    const next = this.step(last ? 'last' : 'more', findings);
    const size = body instanceof Uint8Array ? body.byteLength : 0;
    const ordered = findings.length === 0;
    let over = false;
    if (ordered) {
      if (this.status === 204) {
        if (size > 0) findings.push(corrected(appViolation('HTTP-RESP-NOBODY', `sent ${size} body bytes on a 204 response, which has no body`)));
      } else if (this.status === 304) {
        if (size > 0) findings.push(corrected(appViolation('HTTP-RESP-304', `sent ${size} body bytes on a 304 response, which has no body`)));
      } else if (this.method !== 'HEAD' && this.contentLength !== undefined) {
        // HTTP-RESP-HEAD: a body for HEAD is allowed and dropped by the server (HTTP-RESP-RULE-POLICY), so not
        // checked; the length rules apply only to responses that carry a body (http.md §3).
        const total = this.bytes + size;
        over = total > this.contentLength;
        if (over && !this.overReported) {
          findings.push(corrected(appViolation('HTTP-RESP-LENGTH-OVER', `sent ${total} body bytes, more than its content-length ${this.contentLength}`)));
        }
        if (last && total < this.contentLength) {
          findings.push(corrected(appViolation('HTTP-RESP-LENGTH-UNDER', `completed the body with ${total} bytes, fewer than its content-length ${this.contentLength}`)));
        }
      }
    }
    const apply = (): void => {
      this.phase = next;
      this.bytes += size;
      this.overReported ||= over;
    };
    return { findings, apply };
  }

  /**
   * `http.response.trailers`: only after a start with `trailers: true` and the final body, until the one with
   * `moreTrailers` false completes the response (EXT-TRAILERS-ORDER); its fields (EXT-TRAILERS-FIELDS).
   */
  private checkTrailers(message: Record<string, unknown>): SendVerdict {
    const findings = checkTrailersKeys(message);
    let next = this.phase;
    if (!this.trailersAnnounced) {
      const detail = 'sent http.response.trailers without trailers: true on an accepted http.response.start';
      findings.push(rejected(appViolation('EXT-TRAILERS-ORDER', detail)));
    } else {
      next = this.step(message['moreTrailers'] === true ? 'trailer' : 'lastTrailer', findings);
    }
    return { findings, apply: () => { this.phase = next; } };
  }

  /**
   * `http.response.pathsend`: once, after the start and before any body, with an absolute path and valid range
   * (EXT-PATHSEND-ORDER); it completes the response, or with `trailers: true` the body. A `content-length` equals
   * the `length` asked for when both are known (EXT-PATHSEND-HEADERS); the body rules apply to the file's bytes.
   */
  private checkPathsend(message: Record<string, unknown>): SendVerdict {
    const keys = checkPathsendKeys(message);
    const findings = [...keys.findings];
    const next = this.step('pathsend', findings);
    const { length } = keys;
    if (findings.length === 0 && length !== undefined) {
      if (this.status === 204) {
        if (length > 0) findings.push(corrected(appViolation('HTTP-RESP-NOBODY', `sent a pathsend of ${length} bytes on a 204 response, which has no body`)));
      } else if (this.status === 304) {
        if (length > 0) findings.push(corrected(appViolation('HTTP-RESP-304', `sent a pathsend of ${length} bytes on a 304 response, which has no body`)));
      } else if (this.contentLength !== undefined && this.contentLength !== length) {
        const detail = `sent a pathsend of length ${length} with content-length ${this.contentLength}; content-length equals the bytes asked for`;
        findings.push(corrected(appViolation('EXT-PATHSEND-HEADERS', detail)));
      }
    }
    let applied = false;
    const before = this.phase;
    const apply = (): void => {
      applied = true;
      this.phase = next;
      this.pathsendSent = true;
    };
    const refused = async (error: unknown): Promise<ValidationError[]> => {
      const found = await checkPathsendRejected(error, keys.path);
      // EXT-PATHSEND-FAIL: a refused file leaves nothing on the wire, so the app may still answer or fail cleanly;
      // also when the server refused it with the wrong error, so its fault is not charged to the app.
      if (applied && (codeOf(error) === INVALID_MESSAGE || found.length > 0)) {
        this.phase = before;
        this.pathsendSent = false;
      }
      return found;
    };
    return { findings, apply, refused };
  }

  /** `http.response.earlyHints`: only before the start, with valid fields (EXT-EARLYHINTS-ORDER). */
  private checkEarlyHints(message: Record<string, unknown>): SendVerdict {
    const findings = checkEarlyHintsKeys(message);
    this.step('earlyHints', findings);
    return { findings, apply: noop };
  }

  /** A message of another advertised extension: outside the start/body order (HTTP-START-FIRST), not after completion. */
  private checkExtension(type: string): SendVerdict {
    if (this.phase !== 'complete') return { findings: [], apply: noop };
    const fault = this.pathsendSent ? AFTER_PATHSEND : AFTER_COMPLETE;
    return { findings: [rejected(appViolation(fault.requirement, `${fault.detail}: ${show(type)}`))], apply: noop };
  }

  /**
   * The app's promise resolved. Unless the client went, the response must be complete: returning before the
   * first body gets a 500 (APP-ERROR-BEFORE-START), after it an abnormal end (APP-RETURN-INCOMPLETE), also when
   * announced trailers were not sent (EXT-TRAILERS-ORDER).
   */
  returned(clientGone: boolean): ValidationError[] {
    if (clientGone || this.phase === 'complete') return [];
    if (this.phase === 'initial') return [appViolation('APP-ERROR-BEFORE-START', 'returned without sending http.response.start; the server answers 500')];
    if (this.phase === 'started') {
      return [appViolation('APP-ERROR-BEFORE-START', 'returned after http.response.start but before any http.response.body; the server answers 500')];
    }
    if (this.phase === 'trailers') {
      return [appViolation('APP-RETURN-INCOMPLETE', 'announced trailers: true and returned before the http.response.trailers with moreTrailers false; the server ends the response abnormally')];
    }
    return [appViolation('APP-RETURN-INCOMPLETE', 'returned before the final http.response.body (moreBody false); the server ends the response abnormally')];
  }
}

function noop(): void {}
