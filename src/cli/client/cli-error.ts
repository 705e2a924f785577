import { FerryError } from '../../model/errors.js';

/** Exit codes CI can rely on. */
export const ExitCode = {
  Ok: 0,
  /** Usage errors, unreachable server, bad token, API errors. */
  Error: 1,
  /** The sync or rollback operation ended Failed or Error. */
  OperationFailed: 2,
  /** The app's health is Degraded (or Missing after the operation ended). */
  Degraded: 3,
  /** The wait ran out of time. */
  Timeout: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A failure the CLI reports in one line, with the exit code it ends with. */
export class CliError extends FerryError {
  constructor(
    code: string,
    message: string,
    readonly exitCode: ExitCode = ExitCode.Error,
    data: Record<string, unknown> = {},
  ) {
    super(code, message, { data });
  }
}
