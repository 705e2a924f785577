/**
 * Resolves an IntOrString such as a Deployment's `maxSurge` (`2` or `"25%"`) against a
 * total, rounding percentages up or down as Kubernetes does for that field.
 */
export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return Math.max(0, Math.floor(value));
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value.trim());
    if (match) {
      const exact = (Number(match[1]) * total) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    const n = Number(value);
    if (Number.isInteger(n)) return Math.max(0, n);
  }
  return 0;
}
