import type { Command } from 'commander';
import { appCommand } from './app-command.js';
import { controlPlaneCommand } from './controlplane-command.js';
import { diffCommand } from './diff-command.js';
import { healthCommand } from './health-command.js';
import { loginCommand } from './login-command.js';
import { buildProgramOf, runProgram } from './program.js';
import { renderCommand } from './render-command.js';
import { serveCommand } from './serve-command.js';
import { tokenCommand } from './token-command.js';
import { versionCommand } from './version-command.js';

/** Builds the `ferry` command line. */
export function buildProgram(): Command {
  return buildProgramOf([
    serveCommand(),
    controlPlaneCommand(),
    renderCommand(),
    diffCommand(),
    healthCommand(),
    loginCommand(),
    appCommand(),
    tokenCommand(),
    versionCommand(),
  ]);
}

export async function main(argv: string[]): Promise<void> {
  await runProgram(buildProgram(), argv);
}
