/** @module Warn once per app and rule (spec: HTTP-RESP-RULE-POLICY), so a rule-breaking app does not flood logs. */
import type { Logger } from '../logger.js';

/** Rules the server corrects on the wire; each warns once per app. */
export type ResponseRule =
  | 'HTTP-RESP-NOBODY'
  | 'HTTP-RESP-304'
  | 'HTTP-RESP-FRAMING'
  | 'HTTP-RESP-LENGTH-OVER'
  | 'HTTP-RESP-LENGTH-UNDER';

/** Remembers which rules an app has been warned about. One per served app. */
export class RuleWarnings {
  readonly #seen = new Set<ResponseRule>();
  constructor(private readonly logger: Logger) {}

  /** Logs `message` under `rule` unless this app was warned about that rule before. */
  warn(rule: ResponseRule, message: string): void {
    if (this.#seen.has(rule)) return;
    this.#seen.add(rule);
    this.logger.warn(`${rule}: ${message} (corrected on the wire; warned once per app)`);
  }
}
