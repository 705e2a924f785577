import type { ServerResponse } from 'node:http';
import { ApiError, StatusReason, toApiError } from '../api-error.js';
import type { ServedType } from '../catalog/served-type.js';
import type { WriteResult } from '../registry/object-registry.js';
import { servedJson } from './served-json.js';

export function sendJson(res: ServerResponse, code: number, body: unknown): void {
  sendJsonText(res, code, JSON.stringify(body));
}

/** Sends JSON that is already serialized. */
export function sendJsonText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
  });
  res.end(text);
}

/** Sends a write's result as served through `type`, its warnings as `Warning: 299 - "..."` headers. */
export function sendWritten(res: ServerResponse, type: ServedType, result: WriteResult): void {
  if (result.warnings !== undefined && result.warnings.length > 0)
    res.setHeader(
      'Warning',
      result.warnings.map((w) => `299 - ${JSON.stringify(w)}`),
    );
  sendJsonText(res, result.code, servedJson(type, result.stored));
}

export function sendError(res: ServerResponse, err: unknown): void {
  const apiError = toApiError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, apiError.httpCode, apiError.status);
}

export function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** The 404 a real server gives for any path it does not serve. */
export function pathNotFound(): ApiError {
  return new ApiError({
    reason: StatusReason.NotFound,
    message: 'the server could not find the requested resource',
    details: {},
    code: 404,
  });
}
