/**
 * Cluster mode (`workers: 2`) of both servers, over real processes and sockets: the fixture's primary forks two
 * workers that each answer their pid (spec: SERVER-WORKERS, LIFESPAN-PER-PROCESS).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getPid, isRunning, killAll, startCluster, steadyLoad, until, workerPids } from './cluster-process.js';

afterAll(killAll);

describe.each(['reference', 'node'] as const)('cluster mode of the %s server', (server) => {
  it('runs lifespan once per worker and spreads new connections over both workers', async () => {
    const run = startCluster(server);
    const port = await run.port;
    const workers = workerPids(run);
    expect(workers).toHaveLength(2); // serve() resolves once both have listened, after their lifespan startup
    expect(workers).not.toContain(run.child.pid);
    const pids = new Set<number>();
    for (let i = 0; i < 40; i++) pids.add(await getPid(port));
    expect([...pids].sort()).toEqual([...workers].sort());
    expect(run.stderr()).toMatch(/cluster: 2 workers \(pids \d+, \d+\), round-robin/);
    // No worker outlives its primary.
    run.child.kill('SIGKILL');
    await until(() => workers.every((pid) => !isRunning(pid)), 5000, 'the workers to exit after their primary');
  });

  it('restarts a worker killed under load; the other serves on; only requests on the dead worker fail', async () => {
    const run = startCluster(server);
    const port = await run.port;
    const [victim, survivor] = workerPids(run) as [number, number];
    // Until the replacement (a pid neither worker had) has answered.
    const load = steadyLoad(port, 2, 3000, 10_000, ({ pids }) => pids.some((pid) => pid !== victim && pid !== survivor));
    await new Promise((r) => setTimeout(r, 500));
    const killedAt = Date.now();
    process.kill(victim, 'SIGKILL');
    const { pids, failures } = await load;
    const replacement = workerPids(run)[2];
    expect(replacement).toBeDefined();
    expect(run.stderr()).toMatch(new RegExp(`worker \\d+ \\(pid ${victim}\\) exited with code none \\(signal SIGKILL\\); restarting in 100 ms`));
    expect(pids, run.stderr()).toContain(replacement); // the replacement answers
    expect(pids.filter((pid) => pid === survivor).length).toBeGreaterThan(pids.length / 3);
    // A connection the dead worker had accepted dies with it: at most one in flight per client.
    expect(failures.length, failures.join('; ')).toBeLessThanOrEqual(2);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
  });

  it('SIGHUP rolls the workers over under load without a failed request; then only new workers answer', async () => {
    const run = startCluster(server);
    const port = await run.port;
    const before = workerPids(run);
    const load = steadyLoad(port, 2, 1000, 14_000, () => run.stderr().includes('rolling restart done'));
    await new Promise((r) => setTimeout(r, 300));
    run.child.kill('SIGHUP');
    const { pids, failures } = await load;
    expect(failures).toEqual([]);
    expect(run.stderr()).toContain('rolling restart done');
    const after = workerPids(run).slice(2);
    expect(after).toHaveLength(2);
    expect(pids.length).toBeGreaterThan(20);
    for (const pid of before) expect(isRunning(pid)).toBe(false);
    const answering = new Set<number>();
    for (let i = 0; i < 10; i++) answering.add(await getPid(port));
    expect([...answering].sort()).toEqual([...after].sort());
    expect(run.stderr().match(/^worker-down /gm)).toHaveLength(2); // the old ones ran lifespan shutdown
  });

  it('SIGTERM drains: a slow request in flight completes, everything exits 0, no worker is left', async () => {
    const run = startCluster(server);
    const port = await run.port;
    const workers = workerPids(run);
    const slow = getPid(port, '/slow?ms=1500');
    await new Promise((r) => setTimeout(r, 300));
    const stoppedAt = Date.now();
    run.child.kill('SIGTERM');
    expect(workers).toContain(await slow);
    expect(await run.exit).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(7000); // shutdownTimeout 3000 + lifespanTimeout 2000 + margin
    for (const pid of workers) expect(isRunning(pid)).toBe(false);
    expect(run.stderr()).toContain('SIGTERM received: stopping the workers gracefully');
    expect(run.stderr().match(/^worker-down /gm)).toHaveLength(2);
    expect(run.stderr()).not.toContain('restarting');
  });

  it('a worker failing lifespan startup makes serve() reject in the primary, which exits 1; nothing is restarted', async () => {
    const run = startCluster(server, { FAIL_STARTUP: '1' });
    await expect(run.port).rejects.toThrow(/before listening/);
    expect(await run.exit).toBe(1);
    const err = run.stderr();
    expect(err).toMatch(
      /serve failed \(primary\): StartupFailedError application startup failed: worker \d+ \(pid \d+\) exited with code 1 \(signal none\) before listening: the database is down/,
    );
    expect(err.match(/^serve failed \(worker\)/gm)).toHaveLength(2); // two forks, no more
    expect(err).not.toContain('restarting');
  });
});

it('SIGINT to the whole process group (Ctrl-C) stops the cluster once, gracefully: workers leave it to the primary', async () => {
  const run = startCluster('node', {}, true);
  await run.port;
  const workers = workerPids(run);
  process.kill(-run.child.pid!, 'SIGINT');
  expect(await run.exit).toBe(0);
  for (const pid of workers) expect(isRunning(pid)).toBe(false);
  const err = run.stderr();
  expect(err).toContain('SIGINT received: stopping the workers gracefully');
  expect(err.match(/^worker-down /gm)).toHaveLength(2); // each ran its lifespan shutdown: drained, not killed
  expect(err).not.toContain('restarting');
});

// The supervisor is the same code for both servers: one crash loop is enough.
it('a worker that keeps failing is restarted with a doubling delay, not in a fork storm', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsgi-cluster-'));
  const marker = join(dir, 'fail');
  try {
    const run = startCluster('reference', { FAIL_STARTUP_IF: marker });
    await run.port;
    writeFileSync(marker, '');
    process.kill(workerPids(run)[0]!, 'SIGKILL');
    await until(() => /restarting in 400 ms/.test(run.stderr()), 12_000, 'the third restart');
    const delays = [...run.stderr().matchAll(/restarting in (\d+) ms/g)].map((m) => Number(m[1]));
    expect(delays.slice(0, 3)).toEqual([100, 200, 400]);
    // Each restart failed its lifespan startup: the exits after the kill are code 1, and the other worker serves.
    expect(run.stderr()).toMatch(/exited with code 1 \(signal none\); restarting in 200 ms/);
    expect(await getPid(await run.port)).toBe(workerPids(run)[1]);
    rmSync(marker);
    await until(() => workerPids(run).length === 3, 12_000, 'a replacement once startup succeeds again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it('SIGTERM while a replacement worker is still starting drains it too, well before the kill deadline', async () => {
  const run = startCluster('reference');
  await run.port;
  const [victim] = workerPids(run) as [number, number];
  process.kill(victim, 'SIGKILL');
  await until(() => /restarting in 100 ms/.test(run.stderr()), 5000, 'the restart to be scheduled');
  // The replacement is forked 100 ms later and then loads its script (tsx) for a good while: stop it meanwhile,
  // when a message to it has no listener yet.
  await new Promise((r) => setTimeout(r, 250));
  const stoppedAt = Date.now();
  run.child.kill('SIGTERM');
  expect(await run.exit).toBe(0);
  // The kill deadline is shutdownTimeout + lifespanTimeout + 1 s (6 s in the fixture): a lost drain waits for it.
  expect(Date.now() - stoppedAt).toBeLessThan(5000);
  expect(run.stderr()).not.toContain('killing it (SIGKILL)');
  for (const pid of workerPids(run)) expect(isRunning(pid)).toBe(false);
});
