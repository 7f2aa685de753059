import { mount } from '@tsgi/app-demo';
import type { Application } from '@tsgi/spec';

/** Answers with what it sees; it never needs to know where it is mounted. */
const api: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  const route = scope.path.slice(scope.rootPath.length); // HTTP-SCOPE-PATH-ROOT
  const body = new TextEncoder().encode(JSON.stringify({ path: scope.path, rootPath: scope.rootPath, route }));
  await send({ type: 'http.response.start', status: 200, headers: [['content-type', 'application/json']] });
  await send({ type: 'http.response.body', body });
};

/** `/api/...` goes to `api` with `rootPath` extended by `/api`; everything else to the fallback (prefix ""). */
export const app = mount([
  { prefix: '/api', app: api },
  { prefix: '', app: api },
]);
