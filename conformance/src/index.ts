/**
 * @module @tsgi/conformance — TSGI conformance scenarios over real sockets, runnable against any server.
 * A target file passes a {@link Target} to {@link runSuite}; the suite itself never imports a server.
 */
export { runSuite, runCase, validateSkips, skipFor, type RunSuiteOptions } from './run-suite.js';
export type {
  Target,
  TargetStartOptions,
  RunningServer,
  SkipEntry,
  Started,
  CaseContext,
  ConformanceCase,
  CaseGroup,
  Protocol,
} from './types.js';
export { ALL_GROUPS, ALL_CASES } from './cases/index.js';
export { UNCOVERED, type UncoveredId } from './coverage.js';
export { parseSpecIds, ID_PATTERN, type DefinedId, type ParsedSpec } from './spec-ids.js';
export { CaptureLogger, type ConformanceLogger, type LogEntry, type CapturedLevel } from './logger.js';
export { RawH1Client, DEFAULT_READ_TIMEOUT, type ReadOptions, type ReadResponse } from './clients/raw-h1.js';
export { ResponseParser, header, headerAll, type RawResponse } from './clients/response-parser.js';
export { Recorder } from './recorder.js';
