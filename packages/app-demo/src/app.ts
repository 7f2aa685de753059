/**
 * @module The demo `npm start` serves: the hello app at `/` and the static files app under `/static/` (this
 * repository's sample folder), mounted by `rootPath` as the spec defines it (HTTP-SCOPE-PATH-ROOT).
 */
import { app as hello } from '@tsgi/app-hello';
import { app as sample } from '@tsgi/app-static/sample';
import { mount } from './mount.js';

/** `/static/...` goes to the static files app (its `rootPath` becomes `/static`); everything else to hello. */
export const app = mount([
  { prefix: '/static', app: sample },
  { prefix: '', app: hello },
]);

export default app;
