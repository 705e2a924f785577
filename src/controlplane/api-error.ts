import { FerryError } from '../model/errors.js';

/** The `reason` values of a Kubernetes `Status` that this server produces. */
export const StatusReason = {
  NotFound: 'NotFound',
  AlreadyExists: 'AlreadyExists',
  Conflict: 'Conflict',
  Invalid: 'Invalid',
  BadRequest: 'BadRequest',
  MethodNotAllowed: 'MethodNotAllowed',
  Gone: 'Gone',
  Expired: 'Expired',
  Unauthorized: 'Unauthorized',
  Forbidden: 'Forbidden',
  UnsupportedMediaType: 'UnsupportedMediaType',
  NotAcceptable: 'NotAcceptable',
  InternalError: 'InternalError',
} as const;
export type StatusReason = (typeof StatusReason)[keyof typeof StatusReason];

export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
}

/** A `v1 Status` object, as the API server returns it for failures. */
export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: StatusReason;
  details?: StatusDetails;
  code: number;
}

/** A group + resource pair as the API server names it in messages (`deployments.apps`). */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** An error that becomes a Kubernetes `Status` response. */
export class ApiError extends FerryError {
  readonly status: KubeStatus;

  constructor(status: Omit<KubeStatus, 'kind' | 'apiVersion' | 'metadata' | 'status'>) {
    super(`API_${status.reason.toUpperCase()}`, status.message, { data: { code: status.code } });
    this.status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status };
  }

  get httpCode(): number {
    return this.status.code;
  }
}

function details(gr: GroupResource, name: string): StatusDetails {
  return gr.group === ''
    ? { name, kind: gr.resource }
    : { name, group: gr.group, kind: gr.resource };
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError({
    reason: StatusReason.NotFound,
    message: `${qualifiedResource(gr)} "${name}" not found`,
    details: details(gr, name),
    code: 404,
  });
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError({
    reason: StatusReason.AlreadyExists,
    message: `${qualifiedResource(gr)} "${name}" already exists`,
    details: details(gr, name),
    code: 409,
  });
}

export function conflict(gr: GroupResource, name: string, why: string): ApiError {
  return new ApiError({
    reason: StatusReason.Conflict,
    message: `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`,
    details: details(gr, name),
    code: 409,
  });
}

export const STALE_OBJECT_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export interface GroupKind {
  group: string;
  kind: string;
}

/** 422 with one cause per field error, in the real server's message shape. */
export function invalid(gk: GroupKind, name: string, causes: StatusCause[]): ApiError {
  const qualified = gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const body = list.length === 1 ? list[0]! : `[${list.join(', ')}]`;
  const base = { name, kind: gk.kind, causes };
  return new ApiError({
    reason: StatusReason.Invalid,
    message: `${qualified} "${name}" is invalid: ${body}`,
    details: gk.group === '' ? base : { ...base, group: gk.group },
    code: 422,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError({ reason: StatusReason.BadRequest, message, code: 400 });
}

export function methodNotAllowed(
  message = 'the server does not allow this method on the requested resource',
): ApiError {
  return new ApiError({ reason: StatusReason.MethodNotAllowed, message, code: 405 });
}

export function unauthorized(): ApiError {
  return new ApiError({ reason: StatusReason.Unauthorized, message: 'Unauthorized', code: 401 });
}

export function forbidden(message: string, gr?: GroupResource, name?: string): ApiError {
  const d = gr === undefined ? undefined : details(gr, name ?? '');
  return new ApiError({
    reason: StatusReason.Forbidden,
    message,
    code: 403,
    ...(d ? { details: d } : {}),
  });
}

export function expired(message: string): ApiError {
  return new ApiError({ reason: StatusReason.Expired, message, code: 410 });
}

export function gone(message: string): ApiError {
  return new ApiError({ reason: StatusReason.Gone, message, code: 410 });
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError({
    reason: StatusReason.UnsupportedMediaType,
    message: `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
    details: { causes: [{ reason: 'UnexpectedServerResponse', message: contentType }] },
    code: 415,
  });
}

export function internalError(message: string): ApiError {
  return new ApiError({
    reason: StatusReason.InternalError,
    message: `Internal error occurred: ${message}`,
    code: 500,
  });
}

/** Maps any thrown value to a Status; unknown errors become 500 InternalError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return internalError(message);
}
