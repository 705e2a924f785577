import jq from 'jq-wasm';
import { cloneJson, type KubeObject } from '../kube/object.js';
import { describeError } from '../model/errors.js';
import { deleteJqPaths } from './compare-async.js';
import { DiffError } from './diff-errors.js';
import { getAt, putAt, type FieldPath } from './field-path.js';
import {
  jqExpressions,
  managersOf,
  pointerPaths,
  rulesFor,
  type IgnoreDifference,
} from './ignore-differences.js';
import { managedPaths } from './managed-fields.js';

/**
 * `target` with every field the `ignoreDifferences` rules cover (JSON pointers, jq path
 * expressions, fields of the named managers) taken from `live`, and removed where `live`
 * has none, so applying it leaves those fields as they are. This is Argo CD's
 * `RespectIgnoreDifferences=true`: e.g. `spec.replicas` scaled by an HPA stays at its live
 * value. Returns `target` itself when no rule selects it.
 */
export async function keepIgnoredFields(
  target: KubeObject,
  live: KubeObject,
  rules: readonly IgnoreDifference[],
): Promise<KubeObject> {
  const selected = rulesFor(rules, target);
  if (selected.length === 0) return target;
  const expressions = jqExpressions(selected);
  let out = cloneJson(target);
  const paths: FieldPath[] = [...pointerPaths(selected)];
  if (expressions.length > 0) {
    out = await deleteJqPaths(out, expressions);
    paths.push(...(await jqPaths(live, expressions)));
  }
  const managers = managersOf(selected);
  if (managers.length > 0) {
    const owned = managedPaths(
      live,
      (e) => e.manager !== undefined && managers.includes(e.manager),
    );
    paths.push(...owned.filter((p) => p[0] !== 'status' && p[0] !== 'metadata'));
  }
  for (const path of paths) putAt(out, path, cloneJson(getAt(live, path)));
  return out;
}

/** The paths jq path expressions select in `obj`; one failing at run time selects nothing. */
async function jqPaths(obj: KubeObject, expressions: readonly string[]): Promise<FieldPath[]> {
  const paths: FieldPath[] = [];
  for (const expression of expressions) {
    try {
      const found = (await jq.json(obj, `[path(${expression})]`)) as unknown;
      if (Array.isArray(found)) paths.push(...(found as FieldPath[]));
    } catch (cause) {
      if (/jq: error \(at /.test(describeError(cause))) continue;
      throw new DiffError(`jq path expression "${expression}" failed: ${describeError(cause)}`, {
        cause,
        data: { expression, kind: obj.kind, name: obj.metadata.name },
      });
    }
  }
  return paths;
}
