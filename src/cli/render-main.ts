import { buildProgramOf, runProgram } from './program.js';
import { renderCommand } from './render-command.js';

/**
 * `ferry render …` on its own: bin/ferry.js runs this verb from a bundle that holds nothing
 * else, so that a one-shot render starts about as fast as `kubectl kustomize`. The verb is
 * the same Command as in the full program, so help, errors and output are the same.
 */
export async function main(argv: string[]): Promise<void> {
  await runProgram(buildProgramOf([renderCommand()]), argv);
}
