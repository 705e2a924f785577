import { Command } from 'commander';
import { describeError } from '../model/errors.js';

/** The `ferry` command line with the given verbs. */
export function buildProgramOf(commands: readonly Command[]): Command {
  const program = new Command('ferry')
    .description('GitOps continuous delivery for Kubernetes')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const command of commands) program.addCommand(command);
  return program;
}

/** Runs `program` on `argv`; an error is printed and sets exit code 1. */
export async function runProgram(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (err) {
    process.stderr.write(`ferry: ${describeError(err)}\n`);
    process.exitCode = 1;
  }
}
