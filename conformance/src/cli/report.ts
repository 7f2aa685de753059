/** @module The CLI's report: a plain-text table, one row per scenario and protocol, and a summary line. */
import type { ScenarioResult } from './runner.js';

function cut(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/** The report table (status, protocol, scenario, ids, reason) and a summary line. */
export function formatReport(results: readonly ScenarioResult[]): string {
  const nameWidth = Math.min(70, Math.max(8, ...results.map((r) => r.name.length)));
  const idsWidth = Math.min(48, Math.max(3, ...results.map((r) => r.ids.join(',').length)));
  const header = `${'RESULT'.padEnd(6)}  ${'PROTOCOL'.padEnd(8)}  ${cut('SCENARIO', nameWidth)}  ${cut('IDS', idsWidth)}  REASON`;
  const lines = [header, '-'.repeat(header.length + 6)];
  for (const r of results) {
    const ids = r.ids.join(',') || '-';
    lines.push(`${r.status.toUpperCase().padEnd(6)}  ${r.protocol.padEnd(8)}  ${cut(r.name, nameWidth)}  ${cut(ids, idsWidth)}  ${r.reason ?? ''}`.trimEnd());
  }
  const count = (s: ScenarioResult['status']): number => results.filter((r) => r.status === s).length;
  lines.push('', `${results.length} scenario runs: ${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
  return `${lines.join('\n')}\n`;
}
