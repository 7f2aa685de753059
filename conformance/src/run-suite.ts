/** @module `runSuite(target)`: registers every scenario as a vitest test against a target. */
import { describe, it } from 'vitest';
import { RawH1Client } from './clients/raw-h1.js';
import { ALL_GROUPS } from './cases/index.js';
import { CaptureLogger } from './logger.js';
import type { CaseContext, CaseGroup, ConformanceCase, Protocol, SkipEntry, Started, Target } from './types.js';
import { withTimeout } from './util.js';

/** Options of {@link runSuite}. */
export interface RunSuiteOptions {
  /** Groups to run. Default: all of them. */
  readonly groups?: readonly CaseGroup[];
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

/** The skip entry that applies to `c`, if any. */
export function skipFor(c: ConformanceCase, skips: readonly SkipEntry[]): SkipEntry | undefined {
  return skips.find((s) => s.cases?.includes(c.name) || s.ids?.some((id) => c.ids.includes(id)));
}

/** Runs one scenario against a target; closes every server and connection it opened, even on failure. */
export async function runCase(target: Target, c: ConformanceCase, protocol: Protocol): Promise<void> {
  const servers: Started[] = [];
  const clients: RawH1Client[] = [];
  const ctx: CaseContext = {
    protocol,
    async start(app, options = {}) {
      const log = new CaptureLogger();
      const running = await target.start(app, { ...options, logger: log });
      let closing: Promise<void> | null = null;
      const started: Started = {
        host: running.host,
        port: running.port,
        log,
        close: () => (closing ??= running.close()),
        async connect() {
          const client = await RawH1Client.connect(running.host, running.port);
          clients.push(client);
          return client;
        },
        async request(raw, readOptions) {
          const client = await started.connect();
          await client.write(raw);
          return client.readResponse(readOptions);
        },
      };
      servers.push(started);
      return started;
    },
  };
  try {
    await c.run(ctx);
  } finally {
    for (const client of clients) client.destroy();
    const closes = servers.map((s) => withTimeout(s.close(), 10_000, `closing the server after "${c.name}"`));
    const results = await Promise.allSettled(closes);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed && failed.status === 'rejected') throw failed.reason;
  }
}

/** Registers the suite with vitest: one `describe` per topic, one test per scenario and protocol. */
export function runSuite(target: Target, options: RunSuiteOptions = {}): void {
  const skips = target.skip ?? [];
  validateSkips(skips);
  const protocols = target.protocols ?? ['http/1.1'];
  const timeout = options.timeoutMs ?? 15_000;
  describe(`TSGI conformance: ${target.name}`, () => {
    for (const group of options.groups ?? ALL_GROUPS) {
      describe(group.topic, () => {
        for (const c of group.cases) {
          for (const protocol of (c.protocols ?? ['http/1.1']).filter((p) => protocols.includes(p))) {
            const title = `${c.name} [${c.ids.join(', ') || 'no id'}]${protocols.length > 1 ? ` (${protocol})` : ''}`;
            const skip = skipFor(c, skips);
            if (skip) it.skip(`${title} — skipped: ${skip.reason}`, () => {});
            else it(title, () => runCase(target, c, protocol), c.timeoutMs ?? timeout);
          }
        }
      });
    }
  });
}
