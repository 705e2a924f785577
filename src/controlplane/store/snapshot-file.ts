import { open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreImage } from './store-event.js';

const SNAPSHOT = 'snapshot.json';

/** About how much JSON is serialized between two writes, so other work runs in between. */
const CHUNK_CHARS = 1 << 20;

/**
 * Writes the image durably as `snapshot.json` (through a temporary file and a rename) and
 * returns its size in bytes. The JSON goes out a chunk at a time, so a large store does not
 * hold up the event loop while it is written; the image's objects never change, so it stays
 * the image of one resource version meanwhile.
 */
export async function writeSnapshot(dir: string, image: StoreImage): Promise<number> {
  const tmp = join(dir, `${SNAPSHOT}.tmp`);
  const handle = await open(tmp, 'w');
  let bytes = 0;
  let chunk = `{"rv":${image.rv},"resources":{`;
  const flush = async (): Promise<void> => {
    await handle.write(chunk);
    bytes += Buffer.byteLength(chunk);
    chunk = '';
  };
  try {
    let resources = 0;
    for (const [resource, objects] of Object.entries(image.resources)) {
      chunk += `${resources++ === 0 ? '' : ','}${JSON.stringify(resource)}:[`;
      for (let i = 0; i < objects.length; i++) {
        chunk += `${i === 0 ? '' : ','}${JSON.stringify(objects[i])}`;
        if (chunk.length >= CHUNK_CHARS) await flush();
      }
      chunk += ']';
    }
    chunk += '}}';
    await flush();
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, join(dir, SNAPSHOT));
  await syncDirectory(dir);
  return bytes;
}

/** The image in `dir`'s snapshot, or undefined when there is none yet. */
export async function readSnapshot(dir: string): Promise<StoreImage | undefined> {
  const text = await readIfPresent(join(dir, SNAPSHOT));
  return text === undefined ? undefined : (JSON.parse(text) as StoreImage);
}

/** Makes the directory's entries (files created, renamed or removed) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A file's text, or undefined when it does not exist. */
export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
