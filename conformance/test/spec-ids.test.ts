/**
 * @module Ties the suite to the spec text: every id a scenario cites is defined in spec/*.md, and every MUST id
 * is covered by a scenario or listed in `UNCOVERED` with a reason.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CASES, ID_PATTERN, UNCOVERED, parseSpecIds, type DefinedId } from '@tsgi/conformance';

const specDir = new URL('../../spec/', import.meta.url);
const files = readdirSync(specDir).filter((f) => f.endsWith('.md'));
const parsed = files.map((f) => parseSpecIds(readFileSync(new URL(f, specDir), 'utf8'), f));
const defined: DefinedId[] = parsed.flatMap((p) => p.ids);
const byId = new Map(defined.map((d) => [d.id, d]));
const cited = new Set(ALL_CASES.flatMap((c) => c.ids));

describe('spec ids', () => {
  it('the spec defines requirement ids, each once, written consistently', () => {
    expect(defined.length).toBeGreaterThan(20);
    expect(parsed.flatMap((p) => p.problems)).toEqual([]);
    const dups = defined.filter((d, i) => defined.findIndex((e) => e.id === d.id) !== i).map((d) => d.id);
    expect(dups).toEqual([]);
  });

  it('every id a scenario cites is defined in the spec', () => {
    const bad = ALL_CASES.flatMap((c) => c.ids.filter((id) => !byId.has(id) || !ID_PATTERN.test(id)).map((id) => `${c.name}: ${id}`));
    expect(bad).toEqual([]);
  });

  it('scenario names are unique, and a scenario without ids says why', () => {
    const names = ALL_CASES.map((c) => c.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(ALL_CASES.filter((c) => c.ids.length === 0 && !c.note?.trim()).map((c) => c.name)).toEqual([]);
  });

  it('every MUST id is covered by a scenario or listed in UNCOVERED with a reason', () => {
    const listed = new Set(UNCOVERED.map((u) => u.id));
    const missing = defined.filter((d) => d.level === 'MUST' && !cited.has(d.id) && !listed.has(d.id)).map((d) => d.id);
    expect(missing, 'MUST ids with no scenario and no UNCOVERED entry').toEqual([]);
  });

  it('UNCOVERED entries are current: defined MUST ids, not covered, with a reason', () => {
    const stale = UNCOVERED.filter((u) => byId.get(u.id)?.level !== 'MUST' || cited.has(u.id) || u.reason.trim().length < 20);
    expect(stale.map((u) => u.id)).toEqual([]);
  });
});
