import { execFile } from 'node:child_process';
import { GIT_CORE_DIR } from './git-http-server.js';

/** An isolated environment for the git CLI: no user or system config, never prompts. */
const GIT_ENV: Record<string, string> = {
  PATH: `${GIT_CORE_DIR}:/usr/bin:/bin`,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_TERMINAL_PROMPT: '0',
  GIT_AUTHOR_NAME: 'Ferry Tests',
  GIT_AUTHOR_EMAIL: 'tests@ferry.localhost',
  GIT_COMMITTER_NAME: 'Ferry Tests',
  GIT_COMMITTER_EMAIL: 'tests@ferry.localhost',
};

/** Runs the real git CLI (argument array, no shell) and returns its trimmed stdout. */
export function gitCli(args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(`${GIT_CORE_DIR}/git`, args, { cwd, env: GIT_ENV }, (err, stdout, stderr) => {
      if (err) reject(new Error(`git ${args.join(' ')} failed: ${stderr || err.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** How many objects the packs of repository `gitdir` hold (`git count-objects`' in-pack). */
export async function packedObjects(gitdir: string): Promise<number> {
  const counts = await gitCli(['count-objects', '-v'], gitdir);
  const line = counts.split('\n').find((l) => l.startsWith('in-pack:'));
  return Number(line?.slice('in-pack:'.length).trim() ?? Number.NaN);
}
