/**
 * The types of TSGI 1.0, the TypeScript Server Gateway Interface.
 * The normative text is `spec/*.md` in this package (start at README.md); types cite the requirement ids they carry.
 *
 * @module @tsgi/spec
 */
export type { Application, Receive, Send, HttpApplication, HttpReceive, HttpSend } from './app.js';
export type { HttpScope, LifespanScope, Scope, State, HttpVersion } from './scope.js';
export type * from './messages.js';
export type { HeaderField, HeaderList } from './headers.js';
export type { Extensions } from './extensions.js';
export { TSGI_VERSION, HTTP_SPEC_VERSION, LIFESPAN_SPEC_VERSION, type TsgiVersionInfo } from './version.js';
export {
  ClientDisconnectedError,
  isClientDisconnected,
  CLIENT_DISCONNECTED,
  InvalidMessageError,
  INVALID_MESSAGE,
} from './errors.js';
