import type { Application } from '@tsgi/spec';

/**
 * The bug from the 204 story, on purpose: a 204 with the body `null` and `content-length: 5`. A TSGI server
 * sends a clean 204 (no body, no content-length) on every protocol and logs one warning (HTTP-RESP-NOBODY,
 * HTTP-RESP-RULE-POLICY); `send()` still resolves, so the app is not broken by its mistake.
 */
export const app: Application = async (scope, _receive, send) => {
  if (scope.type !== 'http') throw new Error(`unsupported scope type ${scope.type}`);
  await send({ type: 'http.response.start', status: 204, headers: [['content-type', 'application/json'], ['content-length', '5']] });
  await send({ type: 'http.response.body', body: new TextEncoder().encode('null') });
};
