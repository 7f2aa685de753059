/** @module One `http` scope followed from both sides: the request the server yields and the response the app sends. */
import { HttpResponse } from './http-app-side.js';
import { HttpRequest } from './http-server-side.js';
import type { ScopeTracker } from './tracker.js';

/** Makes the tracker of one `http` app call; `scope` has been checked already (scope-checks). */
export function createHttpTracker(scope: Readonly<Record<string, unknown>>): ScopeTracker {
  const response = new HttpResponse(scope['method'], scope['extensions']);
  const request = new HttpRequest(scope['extensions']);
  let gone = false;
  return {
    checkSend: (message) => response.check(message),
    receiving: () => {
      const calledAfterComplete = response.complete;
      return (message) => {
        const found = request.check(message, calledAfterComplete);
        // A disconnect before the response is complete means the client went (FLOW-RECEIVE-WAIT).
        if (request.phase === 'disconnected' && !response.complete) gone = true;
        return found;
      };
    },
    clientDisconnected: () => {
      gone = true;
    },
    clientGone: () => gone,
    returned: () => response.returned(gone),
  };
}
