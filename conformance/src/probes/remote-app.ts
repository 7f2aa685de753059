/**
 * @module The probe app a server in another process serves in `tsgi-conformance --command` mode. It reads which
 * probe to be from the environment variable `TSGI_CONFORMANCE_PROBE` (JSON of a {@link RemoteProbe}) and exports it
 * as `app` and as the default export.
 */
import type { Application } from '@tsgi/spec';
import { bodyEchoApp, digestApp, echoScopeApp, fixedResponseApp, routedFixedApp } from './basic.js';
import { failingApp } from './failing.js';
import type { RemoteProbe } from './tag.js';

/** The environment variable naming the probe. */
export const PROBE_ENV = 'TSGI_CONFORMANCE_PROBE';

/** Builds the probe app a {@link RemoteProbe} describes. */
export function createProbeApp(spec: RemoteProbe): Application {
  switch (spec.probe) {
    case 'echo-scope':
      return echoScopeApp();
    case 'body-echo':
      return bodyEchoApp();
    case 'digest':
      return digestApp();
    case 'fixed':
      return fixedResponseApp(spec.response);
    case 'routed':
      return routedFixedApp(spec.response);
    case 'failing':
      return failingApp(spec.point);
  }
}

const fromEnv = process.env[PROBE_ENV];

/** The probe named by the environment (an echo-scope app when none is named). */
export const app: Application = createProbeApp(fromEnv ? (JSON.parse(fromEnv) as RemoteProbe) : { probe: 'echo-scope' });
export default app;
