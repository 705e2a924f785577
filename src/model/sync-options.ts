/** Reads an Argo CD sync option such as `CreateNamespace=true` from a list of options. */
export function syncOptionValue(
  options: readonly string[] | undefined,
  name: string,
): string | undefined {
  for (const option of options ?? []) {
    const eq = option.indexOf('=');
    if (eq > 0 && option.slice(0, eq).trim() === name) return option.slice(eq + 1).trim();
  }
  return undefined;
}

export function isSyncOptionTrue(options: readonly string[] | undefined, name: string): boolean {
  return syncOptionValue(options, name)?.toLowerCase() === 'true';
}
