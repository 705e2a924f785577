/**
 * Runs a verb's work and turns failures into one line on stderr and an exit code: a
 * CliError's own code (2 operation failed, 3 Degraded, 4 timeout), 1 otherwise.
 */
export async function runAction(work: () => Promise<unknown>): Promise<void> {
  try {
    const code = await work();
    if (typeof code === 'number' && code !== 0) process.exitCode = code;
  } catch (err) {
    const { describeError } = await import('../../model/errors.js');
    const exit = (err as { exitCode?: unknown }).exitCode;
    process.stderr.write(`ferry: ${describeError(err)}\n`);
    process.exitCode = typeof exit === 'number' ? exit : 1;
  }
}
