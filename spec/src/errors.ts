/** @module The one error type of the interface. */

/** The stable `code` of {@link ClientDisconnectedError}. */
export const CLIENT_DISCONNECTED = 'TSGI_CLIENT_DISCONNECTED' as const;

/**
 * Rejects `send()` when the client has gone (spec: FLOW-SEND-AFTER-DISCONNECT). Servers MUST NOT log it as an
 * app failure when the app lets it escape. Test for it with {@link isClientDisconnected}, which also recognises
 * errors from other copies of this package (it checks `code`, not the prototype).
 */
export class ClientDisconnectedError extends Error {
  /** Always `"ClientDisconnectedError"`. */
  override readonly name = 'ClientDisconnectedError';
  /** Always {@link CLIENT_DISCONNECTED} (`"TSGI_CLIENT_DISCONNECTED"`); test this, not the class. */
  readonly code: typeof CLIENT_DISCONNECTED = CLIENT_DISCONNECTED;
  constructor(message = 'the client has disconnected', options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** `true` when `error` is a client-disconnected error from any TSGI server. */
export function isClientDisconnected(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === CLIENT_DISCONNECTED;
}

/** The stable `code` of {@link InvalidMessageError}. */
export const INVALID_MESSAGE = 'TSGI_INVALID_MESSAGE' as const;

/**
 * Rejects `send()` when the message breaks the interface: an unknown `type`, a body before the start, a second
 * start, a send after the response is complete, an invalid status or header (spec: MSG-INVALID).
 */
export class InvalidMessageError extends Error {
  /** Always `"InvalidMessageError"`. */
  override readonly name = 'InvalidMessageError';
  /** Always {@link INVALID_MESSAGE} (`"TSGI_INVALID_MESSAGE"`). */
  readonly code: typeof INVALID_MESSAGE = INVALID_MESSAGE;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
