/** @module The `tsgi-conformance` CLI: a passing run against the reference server, a failing one against a broken server. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';

const reference = fileURLToPath(new URL('../../packages/server/src/index.ts', import.meta.url));
const broken = fileURLToPath(new URL('./fixtures/broken-server.ts', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => void (out += t), err: (t) => void (err += t) });
  return { code, out, err };
}

describe('tsgi-conformance CLI', () => {
  it('runs the selected scenarios against the reference server, prints the table, exits 0', async () => {
    const { code, out } = await run(['--server', reference, '--only', 'HTTP-RESP-NOBODY', '--only', 'scheme is', '--protocols', 'h1,h2']);
    expect(out).toMatch(/^RESULT\s+PROTOCOL\s+SCENARIO\s+IDS\s+REASON/);
    expect(out).toMatch(/PASS\s+h1\s+204 with a body/);
    expect(out).toMatch(/PASS\s+h2\s+HTTP\/2: 204, 304 and HEAD/);
    expect(out).toMatch(/PASS\s+h2\s+scheme is "https"/);
    expect(out).not.toMatch(/\bh2c\b|\bh1-tls\b/);
    expect(out).toContain('5 scenario runs: 5 passed, 0 failed, 0 skipped');
    expect(code).toBe(0);
  }, 30_000);

  it('exits 1 and reports the failures against a server that corrupts 204 responses', async () => {
    const { code, out } = await run(['--server', broken, '--only', 'HTTP-RESP-NOBODY', '--protocols', 'h1,h2c']);
    expect(out).toMatch(/FAIL\s+h1\s+204 with a body/);
    expect(out).toMatch(/FAIL\s+h2c\s+HTTP\/2: 204, 304 and HEAD/);
    expect(out).toMatch(/0 passed, 3 failed/);
    expect(code).toBe(1);
  }, 30_000);

  it('rejects bad usage with status 2', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run(['--server', reference, '--protocols', 'h3'])).err).toContain('unknown protocol');
    expect((await run(['--server', reference, '--only', 'no-such-scenario-xyz'])).code).toBe(2);
  });

  it('the bin script runs the compiled CLI (built by `npm run build`)', () => {
    const bin = fileURLToPath(new URL('../bin/tsgi-conformance.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 10_000 });
    expect(result.stdout).toContain('Usage: tsgi-conformance');
    expect(result.status).toBe(0);
  });
});
