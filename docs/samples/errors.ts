import type { Application } from '@tsgi/spec';

/**
 * `/boom` fails before the response is committed: the client gets a plain 500 and the error goes to the server's
 * log (APP-ERROR-BEFORE-START). `/late` fails after the first body message: the response is cut off
 * (APP-ERROR-AFTER-START). Anything else answers 404 with a body of its own.
 */
export const app: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  const route = scope.path.slice(scope.rootPath.length);
  if (route === '/boom') throw new Error('the database is down');
  if (route === '/late') {
    await send({ type: 'http.response.start', status: 200, headers: [['content-length', '100']] });
    await send({ type: 'http.response.body', body: new TextEncoder().encode('half'), moreBody: true });
    throw new Error('failed half way');
  }
  const body = new TextEncoder().encode('Not Found\n');
  await send({ type: 'http.response.start', status: 404, headers: [['content-type', 'text/plain; charset=utf-8']] });
  await send({ type: 'http.response.body', body });
};
