/** @module The CLI's own small runner: runs (case, protocol) pairs one after another, each with a deadline. */
import { ALL_CASES } from '../cases/index.js';
import { protocolsOf, runCase, skipFor, titleOf } from '../run-suite.js';
import { isSkip } from '../skip.js';
import { ALL_PROTOCOLS, type ConformanceCase, type Protocol, type Target } from '../types.js';
import { withTimeout } from '../util.js';

/** The outcome of one scenario on one protocol. */
export interface ScenarioResult {
  readonly name: string;
  readonly ids: readonly string[];
  readonly protocol: Protocol;
  readonly status: 'pass' | 'fail' | 'skip';
  /** Why it failed or was skipped. */
  readonly reason?: string;
  readonly ms: number;
}

/** Options of {@link runScenarios}. */
export interface RunOptions {
  /** Only these protocols. Default: every protocol the target speaks. */
  readonly protocols?: readonly Protocol[];
  /** Only scenarios whose name contains this text or that cite this id (several: any of them). */
  readonly only?: readonly string[];
  /** Deadline of each scenario, ms (a scenario's own is used when longer). Default 15000. */
  readonly timeoutMs?: number;
  /** Called after each scenario. */
  readonly onResult?: (result: ScenarioResult) => void;
}

/** Whether a case matches an `--only` filter (an id, exactly, or a part of its name, case-insensitive). */
export function matches(c: ConformanceCase, only: readonly string[] | undefined): boolean {
  if (!only || only.length === 0) return true;
  return only.some((o) => c.ids.includes(o) || c.name.toLowerCase().includes(o.toLowerCase()));
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n').slice(0, 6).join(' ').replace(/\s+/g, ' ').slice(0, 400);
  return String(error);
}

/** Runs the selected scenarios against `target`. */
export async function runScenarios(target: Target, options: RunOptions = {}, cases: readonly ConformanceCase[] = ALL_CASES): Promise<ScenarioResult[]> {
  const available = (target.protocols ?? ALL_PROTOCOLS).filter((p) => !options.protocols || options.protocols.includes(p));
  const results: ScenarioResult[] = [];
  for (const c of cases.filter((k) => matches(k, options.only))) {
    for (const protocol of protocolsOf(c, available)) {
      const began = Date.now();
      const base = { name: c.name, ids: c.ids, protocol };
      let result: ScenarioResult;
      const skip = skipFor(c, target.skip ?? [], protocol);
      if (skip) {
        result = { ...base, status: 'skip', reason: skip.reason, ms: 0 };
      } else {
        try {
          const limit = Math.max(options.timeoutMs ?? 15_000, c.timeoutMs ?? 0);
          await withTimeout(runCase(target, c, protocol), limit, titleOf(c, protocol));
          result = { ...base, status: 'pass', ms: Date.now() - began };
        } catch (error) {
          const status = isSkip(error) ? 'skip' : 'fail';
          result = { ...base, status, reason: describeError(error), ms: Date.now() - began };
        }
      }
      results.push(result);
      options.onResult?.(result);
    }
  }
  return results;
}
