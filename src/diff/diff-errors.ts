import { FerryError, type FerryErrorOptions } from '../model/errors.js';

/** A comparison that cannot be made as asked: an invalid ignoreDifferences rule, a failing jq expression. */
export class DiffError extends FerryError {
  constructor(message: string, options?: FerryErrorOptions) {
    super('DIFF_FAILED', message, options);
  }
}
