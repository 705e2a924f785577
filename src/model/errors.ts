/** Options every Ferry error takes: a machine-readable payload and the error it wraps. */
export interface FerryErrorOptions {
  cause?: unknown;
  data?: Record<string, unknown>;
}

/**
 * The root of Ferry's errors. Match on `code`, not only on `instanceof`:
 * errors cross process boundaries as JSON.
 */
export class FerryError extends Error {
  readonly code: string;
  readonly data: Record<string, unknown>;

  constructor(code: string, message: string, options: FerryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.data = options.data ?? {};
  }

  toJSON(): { name: string; code: string; message: string; data: Record<string, unknown> } {
    return { name: this.name, code: this.code, message: this.message, data: this.data };
  }
}

export class ConfigError extends FerryError {
  constructor(message: string, options?: FerryErrorOptions) {
    super('CONFIG_INVALID', message, options);
  }
}

export class RepoError extends FerryError {
  constructor(message: string, options?: FerryErrorOptions) {
    super('REPO_FAILED', message, options);
  }
}

export class RenderError extends FerryError {
  constructor(message: string, options?: FerryErrorOptions) {
    super('RENDER_FAILED', message, options);
  }
}

export class ClusterError extends FerryError {
  constructor(message: string, options?: FerryErrorOptions) {
    super('CLUSTER_FAILED', message, options);
  }
}

export class SyncError extends FerryError {
  constructor(message: string, options?: FerryErrorOptions) {
    super('SYNC_FAILED', message, options);
  }
}

/** A one-line description of any thrown value, including the messages of its causes. */
export function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause === undefined ? '' : `: ${describeError(err.cause)}`;
  return `${err.message}${cause}`;
}
