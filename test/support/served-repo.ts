import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitFiles, initRepo, type FileChanges } from '../../src/repo/local-repo.js';
import { gitCli } from './git-cli.js';

/** A deterministic commit clock: one minute later on every call. */
export function steppingClock(start = Date.UTC(2024, 0, 1)): () => Date {
  let t = start;
  return () => new Date((t += 60_000));
}

/**
 * A working repository whose `origin` is a bare repository under a served root, so a test
 * can commit, push (also with force), and create or move tags, as a developer would.
 */
export class ServedRepo {
  private readonly now = steppingClock();

  private constructor(
    /** `<name>.git`, the path under the server's URL. */
    readonly name: string,
    readonly workDir: string,
    readonly bareDir: string,
  ) {}

  /** Creates `<root>/<name>.git` holding one commit of `files` on `main`. */
  static async create(
    root: string,
    name: string,
    files: Record<string, string>,
  ): Promise<ServedRepo> {
    const workDir = await mkdtemp(join(tmpdir(), `ferry-work-${name}-`));
    const bareDir = join(root, `${name}.git`);
    const repo = new ServedRepo(`${name}.git`, workDir, bareDir);
    await initRepo(workDir, files, 'initial commit', { now: repo.now });
    await gitCli(['init', '--bare', '--initial-branch=main', bareDir]);
    await gitCli(['remote', 'add', 'origin', bareDir], workDir);
    await repo.push();
    return repo;
  }

  /** Commits in the working repository (not pushed yet). */
  commit(changes: FileChanges, message = 'change'): Promise<string> {
    return commitFiles(this.workDir, changes, message, { now: this.now });
  }

  /** Pushes a local branch (default `main`) to origin, optionally with force. */
  async push(branch = 'main', options: { force?: boolean } = {}): Promise<void> {
    const args = ['push', ...(options.force ? ['--force'] : []), 'origin', `${branch}:${branch}`];
    await gitCli(args, this.workDir);
  }

  /** Points the current branch and working tree at `sha` (`git reset --hard`). */
  async resetHard(sha: string): Promise<void> {
    await gitCli(['reset', '--hard', sha], this.workDir);
  }

  /** Creates or moves tag `name` to `target` and force-pushes it; annotated by default. */
  async tag(name: string, target = 'HEAD', options: { annotated?: boolean } = {}): Promise<void> {
    const annotated = options.annotated ?? true;
    const args = [
      'tag',
      '--force',
      ...(annotated ? ['-a', '-m', `tag ${name}`] : []),
      name,
      target,
    ];
    await gitCli(args, this.workDir);
    await gitCli(['push', '--force', 'origin', `refs/tags/${name}`], this.workDir);
  }

  /** Creates a branch on origin at `target` without switching to it. */
  async pushBranch(name: string, target = 'HEAD'): Promise<void> {
    await gitCli(['push', '--force', 'origin', `${target}:refs/heads/${name}`], this.workDir);
  }

  /** The full SHA of a revision in the working repository. */
  revParse(rev: string): Promise<string> {
    return gitCli(['rev-parse', `${rev}^{commit}`], this.workDir);
  }
}
