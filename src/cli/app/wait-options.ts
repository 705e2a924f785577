import type { Command } from 'commander';

/** Adds `--timeout` to a verb that can wait. */
export function withTimeout(command: Command, fallback = '5m'): Command {
  return command.option('--timeout <duration>', 'give up after this long (e.g. 90s, 5m)', fallback);
}

/** Milliseconds of a `--timeout` value. */
export async function timeoutMs(text: string): Promise<number> {
  const { parseDuration } = await import('../../model/duration.js');
  const { CliError } = await import('../client/cli-error.js');
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new CliError('INVALID_ARGUMENT', `--timeout ${text} is not a duration such as 90s or 5m`);
  return ms;
}
