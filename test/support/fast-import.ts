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

/**
 * Creates bare repository `bareDir` holding `history`, written in one `git fast-import`
 * stream: thousands of files and commits in about a second.
 */
export async function fastImportRepo(bareDir: string, history: GeneratedHistory): Promise<void> {
  const branch = history.branch ?? 'main';
  await gitCli(['init', '--bare', `--initial-branch=${branch}`, bareDir]);
  const chunks: string[] = [];
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let time = Date.UTC(2024, 0, 1) / 1000;
  const commit = (message: string, ops: string[]): void => {
    chunks.push(
      `commit refs/heads/${branch}\n`,
      `committer Ferry <ferry@localhost> ${time++} +0000\n`,
      data(message),
      ...ops,
    );
  };
  commit(
    'initial commit',
    Object.entries(history.files).map(([path, text]) => `M 100644 inline ${path}\n${data(text)}`),
  );
  history.changes.forEach(({ path, text }, i) =>
    commit(`change ${i + 1}`, [`M 100644 inline ${path}\n${data(text)}`]),
  );
  chunks.push('done\n');
  await new Promise<void>((resolve, reject) => {
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
    child.stdin.end(chunks.join(''));
  });
}
