import jq from 'jq-wasm';
import type { KubeObject } from '../kube/object.js';
import { compare, type DiffResult } from './compare.js';
import type { CompareOptions } from './compare-options.js';
import { DiffError } from './diff-errors.js';
import { jqExpressions, rulesFor, type IgnoreDifference } from './ignore-differences.js';
import { describeError } from '../model/errors.js';

/** True when some rule selecting this resource uses jq, so only `compareAsync` can compare it. */
export function needsJq(rules: readonly IgnoreDifference[], obj: KubeObject | null): boolean {
  return obj !== null && jqExpressions(rulesFor(rules, obj)).length > 0;
}

/**
 * `obj` with every field the jq path expressions select deleted, as Argo CD does. An
 * expression that fails at run time on this object selects nothing; one that does not
 * compile throws DiffError.
 */
export async function deleteJqPaths(
  obj: KubeObject,
  expressions: readonly string[],
): Promise<KubeObject> {
  let current: unknown = obj;
  for (const expression of expressions) {
    try {
      current = await jq.json(current as object, `del(${expression})`);
    } catch (cause) {
      // A runtime error means the expression selects nothing here (iterating a missing list).
      if (/jq: error \(at /.test(describeError(cause))) continue;
      throw new DiffError(`jq path expression "${expression}" failed: ${describeError(cause)}`, {
        cause,
        data: { expression, kind: obj.kind, name: obj.metadata.name },
      });
    }
  }
  return current as KubeObject;
}

/**
 * `compare` with `jqPathExpressions` rules applied: the fields they select are deleted from
 * both objects first. Resolves without touching jq when no such rule selects the resource.
 */
export async function compareAsync(
  desired: KubeObject | null,
  live: KubeObject | null,
  options: CompareOptions = {},
): Promise<DiffResult> {
  const rules = options.ignoreDifferences ?? [];
  const subject = desired ?? live;
  const expressions = subject === null ? [] : jqExpressions(rulesFor(rules, subject));
  if (expressions.length === 0) return compare(desired, live, options);
  const [d, l] = await Promise.all([
    desired === null ? null : deleteJqPaths(desired, expressions),
    live === null ? null : deleteJqPaths(live, expressions),
  ]);
  const withoutJq = rules.map((r) => ({ ...r, jqPathExpressions: [] }));
  return compare(d, l, { ...options, ignoreDifferences: withoutJq });
}
