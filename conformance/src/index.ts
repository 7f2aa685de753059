/**
 * TSGI conformance scenarios over real sockets, runnable against any server.
 * A target file passes a {@link Target} to {@link runSuite}; the suite itself never imports a server.
 *
 * @module @tsgi/conformance
 */
export { runSuite, runCase, validateSkips, skipFor, protocolsOf, titleOf, type RunSuiteOptions } from './run-suite.js';
export {
  ALL_PROTOCOLS,
  isH2,
  isTls,
  type Target,
  type TargetStartOptions,
  type RunningServer,
  type Origin,
  type TlsOrigin,
  type TlsCredentials,
  type SkipEntry,
  type Started,
  type CaseContext,
  type ConformanceCase,
  type CaseGroup,
  type Protocol,
} from './types.js';
export { launcherTarget, type ServeFunction, type LaunchedServer, type LaunchedAddress, type LauncherTargetOptions } from './launcher.js';
export { testCredentials, FIXTURE_PATHS } from './fixtures.js';
export { ALL_GROUPS, ALL_CASES } from './cases/index.js';
export { UNCOVERED, type UncoveredId } from './coverage.js';
export { parseSpecIds, ID_PATTERN, type DefinedId, type ParsedSpec } from './spec-ids.js';
export { CaptureLogger, type ConformanceLogger, type LogEntry, type CapturedLevel } from './logger.js';
export { RawH1Client, DEFAULT_READ_TIMEOUT, type ReadOptions, type ReadResponse } from './clients/raw-h1.js';
export { RawH2Client, type Frame, type StreamResult } from './clients/raw-h2.js';
export type { HttpRequestSpec, HttpReply, ClientExchange, ClientConnection } from './clients/exchange.js';
export { ResponseParser, header, headerAll, type RawResponse } from './clients/response-parser.js';
export { Recorder } from './recorder.js';
