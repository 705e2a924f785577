import { posix } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { describeError, RenderError } from '../../../model/errors.js';
import { readTar, TarFormatError } from './tar.js';

const gunzipAsync = promisify(gunzip);

/** Helm's limits on a packaged chart: 100 MiB unpacked, 5 MiB per file. */
export const MAX_DECOMPRESSED_CHART_SIZE = 100 * 1024 * 1024;
export const MAX_DECOMPRESSED_FILE_SIZE = 5 * 1024 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Unpacks a packaged chart (`.tgz`) as Helm's archive loader does: gunzip, untar, drop the
 * top directory (`mychart/`), and refuse paths that leave the chart. Returns the files by
 * chart-relative path. `file` names the archive in errors.
 */
export async function unpackChartArchive(
  bytes: Uint8Array,
  file: string,
): Promise<Map<string, Uint8Array>> {
  const fail = (message: string, cause?: unknown): never => {
    throw new RenderError(`${file}: ${message}`, { cause, data: { file } });
  };
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    fail('does not appear to be a gzipped archive');
  }
  let tar: Uint8Array;
  try {
    tar = await gunzipAsync(bytes, { maxOutputLength: MAX_DECOMPRESSED_CHART_SIZE });
  } catch (cause) {
    const tooBig = (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    return fail(
      tooBig
        ? `decompressed chart is larger than the maximum size ${MAX_DECOMPRESSED_CHART_SIZE}`
        : `cannot gunzip: ${describeError(cause)}`,
      cause,
    );
  }
  let entries;
  try {
    entries = readTar(tar);
  } catch (cause) {
    if (cause instanceof TarFormatError) return fail(cause.message, cause);
    throw cause;
  }
  const files = new Map<string, Uint8Array>();
  for (const entry of entries) {
    const name = chartRelativePath(entry.name, fail);
    if (entry.data.length > MAX_DECOMPRESSED_FILE_SIZE) {
      fail(`${name} is larger than the maximum file size ${MAX_DECOMPRESSED_FILE_SIZE}`);
    }
    files.set(name, stripBom(entry.data));
  }
  if (files.size === 0) fail('no files in chart archive');
  return files;
}

/** The path inside the chart: the stored name without its first directory, as Helm checks it. */
function chartRelativePath(stored: string, fail: (message: string) => never): string {
  const delimiter = stored.includes('\\') ? '\\' : '/';
  const parts = stored.split(delimiter);
  if (parts[0] === 'Chart.yaml') fail('chart yaml not in base directory');
  const joined = parts.slice(1).join('/');
  if (posix.isAbsolute(joined)) fail('chart illegally contains absolute paths');
  const clean = posix.normalize(joined).replace(/\/+$/u, '');
  if (clean === '.' || clean === '') {
    fail(`chart illegally contains content outside the base directory: ${JSON.stringify(stored)}`);
  }
  if (clean.startsWith('..')) fail('chart illegally references parent directory');
  if (/^[a-zA-Z]:\//u.test(clean)) fail('chart contains illegally named files');
  return clean;
}

function stripBom(data: Uint8Array): Uint8Array {
  return UTF8_BOM.every((b, i) => data[i] === b) ? data.subarray(UTF8_BOM.length) : data;
}
