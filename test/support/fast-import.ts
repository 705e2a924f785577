import { spawn } from 'node:child_process';
import { GIT_CORE_DIR } from './git-http-server.js';
import { gitCli } from './git-cli.js';

export interface GeneratedHistory {
  /** Files of the first commit, path → text. */
  files: Record<string, string>;
  /** Each later commit's changes to one file each: path → new text. */
  changes: { path: string; text: string }[];
  /** The branch to write. @defaultValue `'main'` */
  branch?: string;
}

const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;

/** Commits, one per change, as a fast-import stream; the first continues `from` if given. */
function commitStream(
  branch: string,
  commits: { message: string; ops: string[] }[],
  from?: string,
): string {
  let time = Math.floor(Date.now() / 1000) - commits.length;
  const chunks = commits.map(({ message, ops }, i) =>
    [
      `commit refs/heads/${branch}\n`,
      `committer Ferry <ferry@localhost> ${time++} +0000\n`,
      data(message),
      i === 0 && from !== undefined ? `from ${from}\n` : '',
      ...ops,
    ].join(''),
  );
  return `${chunks.join('')}done\n`;
}

const modify = (path: string, text: string): string => `M 100644 inline ${path}\n${data(text)}`;

/**
 * Creates bare repository `bareDir` holding `history`, written in one `git fast-import`
 * stream: thousands of files and commits in about a second.
 */
export async function fastImportRepo(bareDir: string, history: GeneratedHistory): Promise<void> {
  const branch = history.branch ?? 'main';
  await gitCli(['init', '--bare', `--initial-branch=${branch}`, bareDir]);
  const initial = {
    message: 'initial commit',
    ops: Object.entries(history.files).map(([path, text]) => modify(path, text)),
  };
  const changes = history.changes.map(({ path, text }, i) => ({
    message: `change ${i + 1}`,
    ops: [modify(path, text)],
  }));
  await runFastImport(bareDir, commitStream(branch, [initial, ...changes]));
}

/** Adds one commit per change on top of `branch` of bare repository `bareDir`. */
export async function fastImportCommits(
  bareDir: string,
  changes: { path: string; text: string }[],
  branch = 'main',
): Promise<void> {
  const commits = changes.map(({ path, text }, i) => ({
    message: `more ${i + 1}`,
    ops: [modify(path, text)],
  }));
  await runFastImport(bareDir, commitStream(branch, commits, `refs/heads/${branch}^0`));
}

function runFastImport(bareDir: string, stream: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(`${GIT_CORE_DIR}/git`, ['fast-import', '--quiet', '--done'], {
      cwd: bareDir,
      env: {
        PATH: `${GIT_CORE_DIR}:/usr/bin:/bin`,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
      },
      stdio: ['pipe', 'ignore', 'pipe'],
    });
    const errors: Buffer[] = [];
    child.stderr.on('data', (chunk: Buffer) => errors.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`git fast-import failed: ${Buffer.concat(errors).toString('utf8')}`)),
    );
    child.stdin.end(stream);
  });
}
