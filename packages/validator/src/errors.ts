/** @module The one error the validator reports: a broken requirement of the TSGI spec, on one side of the interface. */

/** Which side of the interface broke a requirement: the wrapped `app`, or the `server` that called the validator. */
export type Side = 'app' | 'server';

/** The stable `code` of {@link ValidationError}; test this, not the prototype. */
export const VALIDATION_ERROR = 'TSGI_VALIDATION' as const;

/** The spec document (under `spec/`) that defines the ids with this first word (spec README, Conventions). */
const DOCUMENT: Readonly<Record<string, string>> = {
  APP: 'gateway.md',
  MSG: 'gateway.md',
  FLOW: 'gateway.md',
  VERSION: 'gateway.md',
  EXT: 'gateway.md',
  HTTP: 'http.md',
  SERVER: 'http.md',
  LIFESPAN: 'lifespan.md',
};

/** The extensions defined in extensions.md §3–§5: their ids (`EXT-<NAME>-…`) are defined there, not in gateway.md. */
const EXTENSION_IDS = /^EXT-(TRAILERS|PATHSEND|EARLYHINTS)-/;

/** Where a requirement id is defined, e.g. `"http.md#HTTP-RESP-NOBODY"`, `"extensions.md#EXT-TRAILERS-ORDER"`. */
export function requirementLink(requirement: string): string {
  if (EXTENSION_IDS.test(requirement)) return `extensions.md#${requirement}`;
  const area = requirement.split('-')[0] ?? '';
  return `${DOCUMENT[area] ?? 'README.md'}#${requirement}`;
}

/**
 * A violation of the TSGI spec found by the validator. `requirement` is the spec id broken (for example
 * `"HTTP-RESP-NOBODY"`), `side` says who broke it, and `message` explains what happened and links the id.
 */
export class ValidationError extends Error {
  /** Always `"ValidationError"`. */
  override readonly name = 'ValidationError';
  /** Always {@link VALIDATION_ERROR}. */
  readonly code: typeof VALIDATION_ERROR = VALIDATION_ERROR;
  /** The id of the broken requirement, as defined once in `spec/*.md`. */
  readonly requirement: string;
  /** Who broke it. */
  readonly side: Side;

  /**
   * @param requirement - the spec id broken
   * @param side - who broke it
   * @param detail - what happened, in a sentence without the id (the message adds it)
   */
  constructor(requirement: string, side: Side, detail: string) {
    super(`the ${side} broke ${requirement} (spec/${requirementLink(requirement)}): ${detail}`);
    this.requirement = requirement;
    this.side = side;
  }
}

/** `true` when `error` is a {@link ValidationError} from any copy of this package (it checks `code`). */
export function isValidationError(error: unknown): error is ValidationError {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === VALIDATION_ERROR;
}

/** A violation of the app side. */
export function appViolation(requirement: string, detail: string): ValidationError {
  return new ValidationError(requirement, 'app', detail);
}

/** A violation of the server side. */
export function serverViolation(requirement: string, detail: string): ValidationError {
  return new ValidationError(requirement, 'server', detail);
}
