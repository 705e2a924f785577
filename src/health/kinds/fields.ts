export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export function findCondition(
  conditions: Condition[] | undefined,
  type: string,
): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function numberAt(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** True when the controller has not yet seen the latest spec (Argo CD's observedGeneration rule). */
export function generationPending(
  generation: number | undefined,
  observedGeneration: number | undefined,
): boolean {
  return (observedGeneration ?? 0) < (generation ?? 0);
}

/** Joins the non-empty parts of a message with `: `. */
export function joinMessage(...parts: (string | undefined)[]): string | undefined {
  const kept = parts.filter((p): p is string => p !== undefined && p !== '');
  return kept.length === 0 ? undefined : kept.join(': ');
}
