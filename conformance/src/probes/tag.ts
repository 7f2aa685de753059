/**
 * @module Tags on probe apps that can be rebuilt in another process from plain data (for `tsgi-conformance
 * --command`, where the server under test runs elsewhere and loads `probes/remote-app.js`). An app without a tag
 * records what it saw in this process, so its scenario needs an in-process server.
 */
import type { Application } from '@tsgi/spec';
import type { FailurePoint } from './failing.js';

/** A fixed response as plain data (string chunks only). */
export interface PlainFixedResponse {
  readonly status: number;
  readonly headers?: ReadonlyArray<readonly [string, string]>;
  readonly chunks?: readonly string[];
}

/** How to rebuild a probe app elsewhere. */
export type RemoteProbe =
  | { readonly probe: 'echo-scope' }
  | { readonly probe: 'body-echo' }
  | { readonly probe: 'digest' }
  | { readonly probe: 'fixed'; readonly response: PlainFixedResponse }
  | { readonly probe: 'routed'; readonly response: PlainFixedResponse }
  | { readonly probe: 'failing'; readonly point: FailurePoint };

const TAG = Symbol.for('tsgi.conformance.remote-probe');

/** Marks `app` as rebuildable from `spec`; returns it. */
export function tagRemote(app: Application, spec: RemoteProbe): Application {
  (app as unknown as Record<symbol, RemoteProbe>)[TAG] = spec;
  return app;
}

/** The spec of a tagged app, or `undefined`. */
export function remoteProbeOf(app: Application): RemoteProbe | undefined {
  return (app as unknown as Record<symbol, RemoteProbe | undefined>)[TAG];
}

/** Whether every chunk is a string (so the response can travel as JSON). */
export function plainChunks(chunks: ReadonlyArray<string | Uint8Array> | undefined): chunks is readonly string[] | undefined {
  return (chunks ?? []).every((c) => typeof c === 'string');
}
