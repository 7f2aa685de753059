/**
 * The protocol-neutral half of a TSGI server. It speaks the spec's messages over a
 * {@link StreamPort} that each protocol implements (HTTP/1.1 and HTTP/2 in `@tsgi/server`, Node's built-in servers in
 * `@tsgi/node`), so the body rules, the error mapping, scopes and lifespan are written once for every server.
 *
 * @module @tsgi/gateway
 */
export { HttpStream, type StreamContext } from './stream/http-stream.js';
export type { StreamPort, StreamObserver, ResponseHead } from './stream/port.js';
export { checkStart, prepareHead, noBodyRule, type PreparedHead } from './stream/response-head.js';
export { buildHttpScope, type ConnectionInfo, type ServerInfo, type TrustedProxies } from './stream/scope.js';
export { ProxyTrust } from './proxy/trust.js';
export { resolveProxied, type ProxiedRequest, type ProxyHeaderFamily } from './proxy/resolve.js';
export { splitTarget, decodePath, type TargetParts } from './stream/target.js';
export { advertisedExtensions, checkTrailers, checkEarlyHints } from './stream/extensions.js';
export { checkPathsend, closeForSend, openForSend, streamFile, type PathsendRequest, type OpenedFile } from './stream/pathsend.js';
export { RequestBody } from './stream/request-body.js';
export { httpDate } from './stream/http-date.js';
export { runApp } from './app/run-app.js';
export { Lifespan } from './app/lifespan.js';
export { RuleWarnings, type ResponseRule } from './app/rule-warnings.js';
export { logAccess, type FinishedStream } from './access-log.js';
export {
  formatCommon,
  formatCombined,
  formatJson,
  escapeLogField,
  stdoutAccessLog,
  type AccessLogFormat,
} from './access-log-format.js';
export {
  resolveGatewayOptions,
  type GatewayOptions,
  type ResolvedGatewayOptions,
  type AccessLogEntry,
  type TlsOptions,
  type ListenOptions,
  type ResolvedListen,
} from './options.js';
export type { GatewayRuntime } from './runtime.js';
export { launch, type Server, type BoundAddress, type Listening } from './launch.js';
export { bindServer, openListeners, describeListen, type Bindable } from './listen.js';
export { socketConnectionInfo } from './connection-info.js';
export { createConsoleLogger, silentLogger, isLogLevel, type Logger, type LogLevel } from './logger.js';
export { ServerError, StartupFailedError, ListenError, OptionsError } from './errors.js';
export { TLS_SERVER_POLICY, type TlsServerPolicy } from './tls-policy.js';
