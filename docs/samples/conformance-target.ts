import { launcherTarget, runSuite, type ServeFunction } from '@tsgi/conformance';
// Your server's launcher (SERVER-LAUNCHER); the reference server stands in for it here.
import { serve } from '@tsgi/server';

/**
 * The conformance suite's view of a server: how to start it with a probe app. A skip names the scenarios the
 * server does not pass and says why; the suite rejects a skip without a reason.
 */
export const target = launcherTarget('my-server', serve as ServeFunction, {
  skip: [],
});

/** In a vitest file, this one call registers every scenario on every protocol the target speaks. */
export function registerSuite(): void {
  runSuite(target);
}
