/** @module `runSuite(target)`: registers every scenario as a vitest test per protocol against a target. */
import { describe, it } from 'vitest';
import { ALL_GROUPS } from './cases/index.js';
import { Connector } from './connector.js';
import { testCredentials } from './fixtures.js';
import { CaptureLogger } from './logger.js';
import { isSkip, SkipScenarioError } from './skip.js';
import { ALL_PROTOCOLS, type CaseContext, type CaseGroup, type ConformanceCase, type Protocol, type SkipEntry, type Started, type Target } from './types.js';
import { withTimeout } from './util.js';

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  /** Groups to run. Default: all of them. */
  readonly groups?: readonly CaseGroup[];
  /** Only these protocols (intersected with the target's). Default: every protocol the target speaks. */
  readonly protocols?: readonly Protocol[];
  /** Deadline of each scenario, ms. Default 15000. */
  readonly timeoutMs?: number;
}

/** Checks the target's skip list: every entry needs a reason and must name something. Throws otherwise. */
export function validateSkips(skips: readonly SkipEntry[]): void {
  for (const skip of skips) {
    if (typeof skip.reason !== 'string' || skip.reason.trim() === '') {
      throw new Error(`conformance: a skip entry has no reason: ${JSON.stringify(skip)}`);
    }
    if (!skip.cases?.length && !skip.ids?.length) {
      throw new Error(`conformance: a skip entry names no case and no id: ${JSON.stringify(skip)}`);
    }
  }
}

/** The skip entry that applies to `c` (on `protocol`, when given), if any. */
export function skipFor(c: ConformanceCase, skips: readonly SkipEntry[], protocol?: Protocol): SkipEntry | undefined {
  return skips.find((s) => (s.cases?.includes(c.name) || s.ids?.some((id) => c.ids.includes(id))) &&
    (!s.protocols || protocol === undefined || s.protocols.includes(protocol)));
}

/** Protocols a case runs on against a target. */
export function protocolsOf(c: ConformanceCase, available: readonly Protocol[]): Protocol[] {
  return (c.protocols ?? ['h1']).filter((p) => available.includes(p));
}

/** The test title of a (case, protocol) pair. */
export function titleOf(c: ConformanceCase, protocol: Protocol): string {
  return `[${protocol}] ${c.name} [${c.ids.join(', ') || 'no id'}]`;
}

/** Runs one scenario against a target on one protocol; closes every server and connection it opened, even on failure. */
export async function runCase(target: Target, c: ConformanceCase, protocol: Protocol): Promise<void> {
  const servers: Started[] = [];
  const connectors: Connector[] = [];
  const ctx: CaseContext = {
    protocol,
    async start(app, options = {}) {
      const log = new CaptureLogger();
      const running = await target.start(app, { ...options, logger: log, tls: testCredentials() });
      const connector = new Connector(protocol, running);
      connectors.push(connector);
      let closing: Promise<void> | null = null;
      const started: Started = {
        ...(running.h1 ? { h1: running.h1 } : {}),
        ...(running.h2c ? { h2c: running.h2c } : {}),
        ...(running.tls ? { tls: running.tls } : {}),
        get origin() {
          return connector.origin;
        },
        get log() {
          if (running.sharesLog === false) throw new SkipScenarioError('checks the server log, which this server does not share');
          return log;
        },
        close: () => (closing ??= running.close()),
        fetch: (request, opts) => connector.fetch(request, opts),
        open: (request, opts) => connector.open(request, opts),
        connection: () => connector.connection(),
        connect: () => connector.rawH1(),
        async request(raw, readOptions) {
          const client = await connector.rawH1();
          await client.write(raw);
          return client.readResponse(readOptions);
        },
        rawH2: (opts) => connector.rawH2(opts),
        h2session: () => connector.h2session(),
      };
      servers.push(started);
      return started;
    },
  };
  let failure: { error: unknown } | null = null;
  try {
    await c.run(ctx);
  } catch (error) {
    failure = { error };
  }
  for (const connector of connectors) connector.closeAll();
  const closes = servers.map((s) => withTimeout(s.close(), 10_000, `closing the server after "${c.name}"`));
  const results = await Promise.allSettled(closes);
  // the scenario's own failure says more than a close() that then timed out too
  if (failure) throw failure.error;
  const failed = results.find((r) => r.status === 'rejected');
  if (failed && failed.status === 'rejected') throw failed.reason;
}

/** Registers the suite with vitest: one `describe` per topic, one test per scenario and protocol. */
export function runSuite(target: Target, options: RunSuiteOptions = {}): void {
  const skips = target.skip ?? [];
  validateSkips(skips);
  const available = (target.protocols ?? ALL_PROTOCOLS).filter((p) => !options.protocols || options.protocols.includes(p));
  const timeout = options.timeoutMs ?? 15_000;
  describe(`TSGI conformance: ${target.name}`, () => {
    for (const group of options.groups ?? ALL_GROUPS) {
      describe(group.topic, () => {
        for (const c of group.cases) {
          for (const protocol of protocolsOf(c, available)) {
            const title = titleOf(c, protocol);
            const skip = skipFor(c, skips, protocol);
            if (skip) it.skip(`${title} — skipped: ${skip.reason}`, () => {});
            else {
              it(title, async (test) => {
                try {
                  await runCase(target, c, protocol);
                } catch (error) {
                  if (isSkip(error)) test.skip(error.message);
                  else throw error;
                }
              }, c.timeoutMs ?? timeout);
            }
          }
        }
      });
    }
  });
}
