/** @module Every scenario group of the suite. */
import type { CaseGroup, ConformanceCase } from '../types.js';
import { errorCases } from './errors.case.js';
import { extensionCases } from './extensions.case.js';
import { flowCases } from './flow.case.js';
import { h2FlowCases } from './h2-flow.case.js';
import { h2Cases } from './h2.case.js';
import { http1Cases } from './http1.case.js';
import { lifespanCases } from './lifespan.case.js';
import { requestBodyCases } from './request-body.case.js';
import { responseRuleCases } from './response-rules.case.js';
import { scopeCases } from './scope.case.js';
import { selectionCases } from './selection.case.js';

export { errorCases, extensionCases, flowCases, h2Cases, h2FlowCases, http1Cases, lifespanCases, requestBodyCases, responseRuleCases, scopeCases, selectionCases };

/** All groups, in the order they run. */
export const ALL_GROUPS: readonly CaseGroup[] = [
  scopeCases,
  requestBodyCases,
  responseRuleCases,
  errorCases,
  flowCases,
  lifespanCases,
  http1Cases,
  h2Cases,
  h2FlowCases,
  selectionCases,
  extensionCases,
];

/** Every scenario of every group. */
export const ALL_CASES: readonly ConformanceCase[] = ALL_GROUPS.flatMap((g) => g.cases);
