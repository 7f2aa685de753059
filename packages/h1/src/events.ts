/**
 * @module events
 * The events `nextEvent()` returns, for both roles.
 */

/** Server role: a request head was read. */
export interface H1RequestHead {
  /** Discriminator. */
  readonly type: 'request';
  /** Method token, as received (case-sensitive). */
  readonly method: string;
  /** request-target as received, latin1 byte string. */
  readonly target: string;
  /** HTTP/1.2+ is reported as '1.1' (RFC 9112 §2.3). */
  readonly httpVersion: '1.0' | '1.1';
  /** Names lowercased, values OWS-trimmed, latin1; order and duplicates preserved. */
  readonly headers: [string, string][];
  /** HTTP/1.1 request with `expect: 100-continue` (case-insensitive; RFC 9110 §10.1.1). */
  readonly expectContinue: boolean;
  /** Whether the connection may persist after this request (RFC 9112 §9.3). */
  readonly keepAlive: boolean;
  /** How the request body is framed. */
  readonly bodyKind: 'none' | 'length' | 'chunked';
  /** -1 unless bodyKind is 'length'. */
  readonly contentLength: number;
}

/** Client role: a final (non-1xx) response head was read. */
export interface H1ResponseHead {
  /** Discriminator. */
  readonly type: 'response';
  /** Status code (200..599, or 101). */
  readonly status: number;
  /** Reason phrase as received (may be empty). */
  readonly reason: string;
  /** '1.0' or '1.1' (HTTP/1.2+ reported as '1.1'). */
  readonly httpVersion: '1.0' | '1.1';
  /** Names lowercased, values OWS-trimmed, latin1; order and duplicates preserved. */
  readonly headers: [string, string][];
  /** Whether the connection may persist after this response. */
  readonly keepAlive: boolean;
  /** How the response body is framed; 'close' = read until EOF (RFC 9112 §6.3 rule 8). */
  readonly bodyKind: 'none' | 'length' | 'chunked' | 'close';
  /** -1 unless bodyKind is 'length'. */
  readonly contentLength: number;
}

/** Client role: an interim 1xx response (other than 101) was read. */
export interface H1Informational {
  /** Discriminator. */
  readonly type: 'informational';
  /** 100..199 except 101. */
  readonly status: number;
  /** Reason phrase as received. */
  readonly reason: string;
  /** Header fields as in {@link H1ResponseHead}. */
  readonly headers: [string, string][];
}

/** Body bytes: a view into received bytes; the core never writes into a buffer it handed out. */
export interface H1Data {
  /** Discriminator. */
  readonly type: 'data';
  /** The bytes (non-empty). */
  readonly data: Uint8Array;
}

/** The message ended; `trailers` are the chunked trailer fields (empty otherwise). */
export interface H1EndOfMessage {
  /** Discriminator. */
  readonly type: 'end-of-message';
  /** Trailer fields, lowercased names, as for headers. */
  readonly trailers: [string, string][];
}

/** The peer sent EOF at a message boundary. Returned again on every later call. */
export interface H1ConnectionClosed {
  /** Discriminator. */
  readonly type: 'connection-closed';
}

/** Events of the server role. */
export type H1ServerEvent = H1RequestHead | H1Data | H1EndOfMessage | H1ConnectionClosed;
/** Events of the client role. */
export type H1ClientEvent = H1ResponseHead | H1Informational | H1Data | H1EndOfMessage | H1ConnectionClosed;
