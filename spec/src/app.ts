/** @module The application callable. */
import type { ReceiveMessage, SendMessage, HttpReceiveMessage, HttpSendMessage } from './messages.js';
import type { HttpScope, Scope } from './scope.js';

/** Awaits the next incoming message for this scope. */
export type Receive = () => Promise<ReceiveMessage>;
/**
 * Hands a message to the server. Resolves once the server has accepted it within its buffer bound, so
 * `await send()` is the backpressure (spec: FLOW-SEND-BACKPRESSURE). Rejects with a {@link ClientDisconnectedError}
 * when the client has gone.
 */
export type Send = (message: SendMessage) => Promise<void>;

/** A TSGI application: called once per scope (per request for `http`, once per process for `lifespan`). */
export type Application = (scope: Scope, receive: Receive, send: Send) => Promise<void>;

/** `receive` narrowed to the `http` scope, for helpers that only deal with HTTP. */
export type HttpReceive = () => Promise<HttpReceiveMessage>;
/** `send` narrowed to the `http` scope. */
export type HttpSend = (message: HttpSendMessage) => Promise<void>;
/** An app that only serves `http` (wrap it with a lifespan-rejecting dispatcher, or check `scope.type`). */
export type HttpApplication = (scope: HttpScope, receive: HttpReceive, send: HttpSend) => Promise<void>;
