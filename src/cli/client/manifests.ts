import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import { CliError } from './cli-error.js';

/** Application documents from a YAML or JSON file (`-` for stdin); other kinds are skipped. */
export async function readApplications(file: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (cause) {
    throw new CliError('READ_FAILED', `cannot read ${file}: ${(cause as Error).message}`);
  }
  const docs = parseAllDocuments(text);
  const out: Record<string, unknown>[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      throw new CliError('INVALID_YAML', `${file}: ${doc.errors[0]!.message}`);
    }
    const value = doc.toJSON() as unknown;
    if (value === null || typeof value !== 'object') continue;
    const items = (value as { kind?: string; items?: unknown[] }).kind?.endsWith('List')
      ? ((value as { items?: unknown[] }).items ?? [])
      : [value];
    for (const item of items) {
      if ((item as { kind?: string }).kind === 'Application')
        out.push(item as Record<string, unknown>);
    }
  }
  if (out.length === 0) throw new CliError('NO_APPLICATIONS', `${file} holds no Application`);
  return out;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
