import { Command } from 'commander';
import { describeError } from '../model/errors.js';
import { appCommand } from './app-command.js';
import { controlPlaneCommand } from './controlplane-command.js';
import { diffCommand } from './diff-command.js';
import { healthCommand } from './health-command.js';
import { loginCommand } from './login-command.js';
import { renderCommand } from './render-command.js';
import { serveCommand } from './serve-command.js';
import { tokenCommand } from './token-command.js';
import { versionCommand } from './version-command.js';

/** Builds the `ferry` command line. */
export function buildProgram(): Command {
  const program = new Command('ferry')
    .description('GitOps continuous delivery for Kubernetes')
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  program.addCommand(serveCommand());
  program.addCommand(controlPlaneCommand());
  program.addCommand(renderCommand());
  program.addCommand(diffCommand());
  program.addCommand(healthCommand());
  program.addCommand(loginCommand());
  program.addCommand(appCommand());
  program.addCommand(tokenCommand());
  program.addCommand(versionCommand());
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    process.stderr.write(`ferry: ${describeError(err)}\n`);
    process.exitCode = 1;
  }
}
