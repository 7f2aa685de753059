/**
 * A TSGI middleware that checks both sides of the interface (after Python's
 * `wsgiref.validate`): `validate(app)` and the test helper `validateScopeRejection(app)`.
 *
 * @module @tsgi/validator
 */
export { validate } from './validate.js';
export { validateScopeRejection, UNKNOWN_SCOPE_TYPE } from './scope-rejection.js';
export { ValidationError, VALIDATION_ERROR, isValidationError, requirementLink, type Side } from './errors.js';
export type { ValidateOptions, ViolationHandler } from './report.js';
