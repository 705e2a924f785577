import { Command } from 'commander';
import { ferryVersion } from '../version.js';

export function versionCommand(): Command {
  return new Command('version').description('print the version of Ferry').action(() => {
    process.stdout.write(`ferry ${ferryVersion()}\n`);
  });
}
