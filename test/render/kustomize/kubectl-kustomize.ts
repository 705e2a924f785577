import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

export interface KubectlOutcome {
  objects?: unknown[];
  error?: string;
}

/** Runs the reference implementation, `kubectl kustomize DIR`, and parses its documents. */
export async function kubectlKustomize(dir: string): Promise<KubectlOutcome> {
  try {
    const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 64 * 1024 * 1024 });
    const objects = parseAllDocuments(stdout)
      .map((doc) => doc.toJS() as unknown)
      .filter((v) => v !== null && v !== undefined);
    return { objects };
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr;
    return { error: stderr ?? String(err) };
  }
}
