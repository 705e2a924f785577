import type { ErrorRequestHandler, Response } from 'express';
import { FerryError, type FerryErrorOptions } from '../model/errors.js';

/** An API failure with the HTTP status it answers with and a stable code. */
export class WebError extends FerryError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    options?: FerryErrorOptions,
  ) {
    super(code, message, options);
  }
}

/** HTTP statuses for the stable codes the engine's errors carry. */
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  NOT_FOUND: 404,
  OPERATION_IN_PROGRESS: 409,
  NO_OPERATION: 409,
  ALREADY_EXISTS: 409,
  INVALID_ARGUMENT: 400,
  CONFIG_INVALID: 400,
};

/** Sends a JSON error with a stable code, the shape every API failure takes. */
export function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}

/** The status and code an error answers with: its own, its code's, or the API server's. */
export function httpStatusOf(err: unknown): { status: number; code: string } {
  if (err instanceof WebError) return { status: err.status, code: err.code };
  if (err instanceof FerryError) {
    const known = STATUS_BY_CODE[err.code];
    if (known !== undefined) return { status: known, code: err.code };
    const upstream = err.data['statusCode'];
    if (err.code === 'CLUSTER_FAILED' && typeof upstream === 'number') {
      if (upstream === 404) return { status: 404, code: 'NOT_FOUND' };
      if (upstream === 409) return { status: 409, code: 'CONFLICT' };
      if (upstream === 422 || upstream === 400) return { status: 400, code: 'INVALID_ARGUMENT' };
    }
    return { status: 500, code: err.code };
  }
  const status =
    typeof (err as { status?: unknown }).status === 'number'
      ? (err as { status: number }).status
      : 500;
  // body-parser's errors say what went wrong in `type`.
  const type = (err as { type?: unknown }).type;
  if (status === 413) return { status, code: 'PAYLOAD_TOO_LARGE' };
  if (type === 'entity.parse.failed') return { status: 400, code: 'INVALID_ARGUMENT' };
  if (type === 'encoding.unsupported' || type === 'charset.unsupported')
    return { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' };
  return { status, code: status < 500 ? 'BAD_REQUEST' : 'INTERNAL' };
}

/** The message an error answers with; a body that is not JSON says so plainly. */
function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if ((err as { type?: unknown }).type === 'entity.parse.failed')
    return `the request body is not valid JSON: ${message}`;
  return message;
}

export const errorHandler: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  if (res.headersSent) {
    next(err);
    return;
  }
  const { status, code } = httpStatusOf(err);
  sendError(res, status, code, messageOf(err));
};
