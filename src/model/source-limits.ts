/** How much of a source tree one render may read: the file count and each file's size. */
export interface SourceLimits {
  /**
   * The most distinct files one render reads.
   * @defaultValue 10000
   */
  maxFiles?: number;
  /**
   * The largest file, in bytes, a render reads.
   * @defaultValue 16 MiB
   */
  maxFileBytes?: number;
}

export const DEFAULT_SOURCE_LIMITS: Required<SourceLimits> = {
  maxFiles: 10_000,
  maxFileBytes: 16 * 2 ** 20,
};

export function resolveSourceLimits(limits: SourceLimits = {}): Required<SourceLimits> {
  return {
    maxFiles: limits.maxFiles ?? DEFAULT_SOURCE_LIMITS.maxFiles,
    maxFileBytes: limits.maxFileBytes ?? DEFAULT_SOURCE_LIMITS.maxFileBytes,
  };
}

/** The message for one file more than `maxFiles`; `hint` says how to raise the limit. */
export function tooManyFilesMessage(path: string, maxFiles: number, hint = ''): string {
  return (
    `too many files: reading ${path} would go over the limit of ${maxFiles} files per render ` +
    `(maxFiles${hint === '' ? '' : `; ${hint}`})`
  );
}

/** The message for a file over `maxFileBytes`; `hint` says how to raise the limit. */
export function fileTooLargeMessage(
  path: string,
  bytes: number,
  maxFileBytes: number,
  hint = '',
): string {
  return (
    `file ${path} is ${formatBytes(bytes)}, over the limit of ${formatBytes(maxFileBytes)} ` +
    `per file (maxFileBytes${hint === '' ? '' : `; ${hint}`})`
  );
}

/** `1536` → `1.5 KiB`, `16777216` → `16 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const text = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${text} ${units[unit]}`;
}
