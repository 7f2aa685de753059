/**
 * @module Which MUST requirements the suite does not check over the wire yet, and why. `test/spec-ids.test.ts`
 * fails when a MUST id is neither cited by a scenario nor listed here, or when an entry here is stale (the id is
 * gone from the spec, is not a MUST, or a scenario covers it now).
 */

/** A MUST id with no scenario, and the reason. */
export interface UncoveredId {
  /** The requirement id, e.g. `APP-UNKNOWN-SCOPE`; must be a MUST id defined in the spec. */
  readonly id: string;
  /** Why no scenario checks it over the wire (yet). */
  readonly reason: string;
}

/** Why the trusted-proxy requirements are checked outside the suite. */
const PROXY_REASON =
  'needs the trustedProxies option, and the suite runs each server with default options (nothing trusted). ' +
  'Checked by packages/gateway/test/proxy-headers.test.ts (a hostile table through buildHttpScope, which both ' +
  'servers share) and over sockets on both servers by packages/server/test/proxy-suite.ts.';

/** MUST ids without a scenario. */
export const UNCOVERED: readonly UncoveredId[] = [
  {
    id: 'APP-UNKNOWN-SCOPE',
    reason:
      'binds apps, not servers: a server cannot be judged by it. The app validator (a later issue) checks that an ' +
      'app throws for an unknown scope type; the server side of it is LIFESPAN-UNSUPPORTED, which is covered.',
  },
  {
    id: 'SERVER-PROXY-PROTOCOL',
    reason:
      'binds only a listener configured for the PROXY protocol, and the suite runs servers with default options. ' +
      'Checked on both servers by packages/server/test/proxy-suite.ts (run by packages/server/test/proxy-protocol.test.ts ' +
      'and packages/node/test/proxy-protocol.test.ts): v1 and v2 headers before HTTP/1.1, h2c and TLS, LOCAL and ' +
      'UNKNOWN, and that a listener without the option does not read a header.',
  },
  {
    id: 'SERVER-PROXY-PROTOCOL-REJECT',
    reason:
      'binds only a listener configured for the PROXY protocol, and the suite runs servers with default options. ' +
      'Checked on both servers by packages/server/test/proxy-suite.ts (malformed, missing and late headers, cleartext ' +
      'and TLS, close without a byte) and byte by byte by packages/proxy-protocol/test/malformed.test.ts.',
  },
  {
    id: 'VERSION-MINOR-ADDITIVE',
    reason:
      'binds the evolution of the specification (what a minor version may change), not one running server; it is ' +
      'checked when a new version is reviewed against spec/CHANGELOG.md.',
  },
  {
    id: 'SERVER-PROXY-CHAIN',
    reason: PROXY_REASON,
  },
  {
    id: 'SERVER-PROXY-INVALID',
    reason: PROXY_REASON,
  },
  {
    id: 'LIFESPAN-PER-PROCESS',
    reason:
      'needs a server run as several processes, which the suite (one server in the test process) cannot start; ' +
      'packages/server/test/cluster.test.ts checks it for both servers over real processes: one lifespan startup ' +
      'per worker before serve() resolves, each old worker running its shutdown in a rolling restart and on SIGTERM, ' +
      'and no app code in the primary.',
  },
];
