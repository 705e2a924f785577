import { z } from 'zod';
import { parseApiVersion, type KubeObject } from '../kube/object.js';
import { DiffError } from './diff-errors.js';
import { parseJsonPointer, type FieldPath } from './field-path.js';

/**
 * One `ignoreDifferences` entry, as in Argo CD: it selects resources by group, kind
 * (either may be `*`), and optionally name and namespace, and names the fields whose
 * differences never count.
 */
export const IgnoreDifferenceSchema = z.object({
  group: z.string().default(''),
  kind: z.string().min(1),
  name: z.string().optional(),
  namespace: z.string().optional(),
  jsonPointers: z.array(z.string()).default([]),
  jqPathExpressions: z.array(z.string()).default([]),
  managedFieldsManagers: z.array(z.string()).default([]),
});

/** An ignoreDifferences entry as written in an Application or in Ferry's config. */
export type IgnoreDifferenceInput = z.input<typeof IgnoreDifferenceSchema>;
export type IgnoreDifference = z.output<typeof IgnoreDifferenceSchema>;

/**
 * Validates `ignoreDifferences` entries from an Application spec or the global config.
 * Throws DiffError naming `where` and each problem.
 */
const IgnoreDifferencesSchema = z.array(IgnoreDifferenceSchema);

export function parseIgnoreDifferences(
  raw: unknown,
  where = 'ignoreDifferences',
): IgnoreDifference[] {
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) return [];
  const parsed = IgnoreDifferencesSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${where}.${i.path.join('.')}: ${i.message}`);
    throw new DiffError(`invalid ${where}: ${issues.join('; ')}`, { data: { issues } });
  }
  for (const [i, rule] of parsed.data.entries()) {
    for (const pointer of rule.jsonPointers) {
      if (parseJsonPointer(pointer) === undefined) {
        throw new DiffError(`invalid ${where}[${i}]: "${pointer}" is not a JSON pointer`, {
          data: { pointer },
        });
      }
    }
  }
  return parsed.data;
}

/** The rules that select `obj`. */
export function rulesFor(rules: readonly IgnoreDifference[], obj: KubeObject): IgnoreDifference[] {
  if (rules.length === 0) return [];
  const group = parseApiVersion(obj.apiVersion).group;
  return rules.filter(
    (r) =>
      (r.group === '*' || r.group === group) &&
      (r.kind === '*' || r.kind === obj.kind) &&
      (r.name === undefined || r.name === '' || r.name === obj.metadata.name) &&
      (r.namespace === undefined ||
        r.namespace === '' ||
        r.namespace === (obj.metadata.namespace ?? '')),
  );
}

/** The JSON pointers of `rules`, as paths. */
export function pointerPaths(rules: readonly IgnoreDifference[]): FieldPath[] {
  return rules.flatMap((r) =>
    r.jsonPointers.flatMap((pointer) => {
      const path = parseJsonPointer(pointer);
      return path === undefined ? [] : [path];
    }),
  );
}

export function jqExpressions(rules: readonly IgnoreDifference[]): string[] {
  return rules.flatMap((r) => r.jqPathExpressions);
}

export function managersOf(rules: readonly IgnoreDifference[]): string[] {
  return rules.flatMap((r) => r.managedFieldsManagers);
}
