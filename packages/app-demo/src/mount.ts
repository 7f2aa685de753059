/**
 * @module Mounting apps under path prefixes, as the spec defines it (HTTP-SCOPE-PATH-ROOT): the mounted app gets
 * `rootPath` extended by the prefix and `path` unchanged, so its route is `path.slice(rootPath.length)` wherever
 * it is mounted.
 */
import type { Application, HttpScope } from '@tsgi/spec';

/** One mount: requests whose route is `prefix` or starts with `prefix + "/"` go to `app`. */
export interface Mount {
  /** `""` for the fallback, else starts with "/" and does not end with it. */
  readonly prefix: string;
  /** The app that serves requests under `prefix`. */
  readonly app: Application;
}

/** Whether `route` lies under `prefix` at a segment boundary. */
function under(route: string, prefix: string): boolean {
  return route.startsWith(prefix) && (route.length === prefix.length || route.charCodeAt(prefix.length) === 0x2f);
}

/**
 * Dispatches `http` scopes to the first mount whose prefix matches, longest prefixes first. Lifespan goes to no
 * mounted app: the composite rejects it (APP-UNKNOWN-SCOPE), so mounted apps must not need startup work.
 */
export function mount(mounts: readonly Mount[]): Application {
  for (const m of mounts) {
    if (m.prefix !== '' && (!m.prefix.startsWith('/') || m.prefix.endsWith('/'))) {
      throw new TypeError(`mount prefix must be "" or start with "/" and not end with "/": ${JSON.stringify(m.prefix)}`);
    }
  }
  const ordered = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  return async (scope, receive, send) => {
    if (scope.type !== 'http') throw new Error(`mount: unsupported scope type ${scope.type}`);
    const route = scope.path.slice(scope.rootPath.length);
    for (const m of ordered) {
      if (m.prefix === '' || under(route, m.prefix)) {
        const inner: HttpScope = m.prefix === '' ? scope : { ...scope, rootPath: scope.rootPath + m.prefix };
        return m.app(inner, receive, send);
      }
    }
    const body = new TextEncoder().encode('Not Found\n');
    await send({ type: 'http.response.start', status: 404, headers: [['content-type', 'text/plain; charset=utf-8'], ['content-length', String(body.length)]] });
    await send({ type: 'http.response.body', body });
  };
}
