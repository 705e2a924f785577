import { isPlainObject } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import { gvkMatches, visitFieldPath, type FieldSpec } from './field-spec.js';
import { allIds, curId, formatId, type Resource } from './resource.js';

/** A legacy `vars` entry: a value read from one object's field. */
export interface VarDefinition {
  name: string;
  objref: { kind?: string; name?: string; apiVersion?: string; namespace?: string };
  fieldref?: { fieldpath?: string };
  /** The kustomization that declared it. */
  file: string;
}

export function mergeVars(existing: VarDefinition[], added: readonly VarDefinition[]): void {
  for (const v of added) {
    if (existing.some((e) => e.name === v.name)) {
      throw new RenderError(`${v.file}: var "${v.name}" is already defined`, {
        data: { file: v.file, var: v.name },
      });
    }
    existing.push(v);
  }
}

export function parseVars(
  file: string,
  raw: readonly Record<string, unknown>[] | undefined,
): VarDefinition[] {
  return (raw ?? []).map((v) => {
    if (typeof v['name'] !== 'string' || !isPlainObject(v['objref'])) {
      throw new RenderError(`${file}: each var needs a name and an objref`, { data: { file } });
    }
    return { ...(v as Omit<VarDefinition, 'file'>), file };
  });
}

/** Reads a dotted field path such as `spec.ports[0].port` or `data.key`. */
export function readFieldPath(obj: unknown, path: string): unknown {
  let node: unknown = obj;
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/u.exec(part);
    if (m === null) return undefined;
    if (m[1] !== '') node = isPlainObject(node) ? node[m[1]!] : undefined;
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/gu)) {
      node = Array.isArray(node) ? node[Number(idx[1])] : undefined;
    }
  }
  return node;
}

/**
 * Resolves `vars` at the end of the build and expands `$(VAR)` in the fields `varReference`
 * names (the built-in ones plus those of `configurations` files).
 */
export function resolveVars(
  resources: readonly Resource[],
  vars: readonly VarDefinition[],
  varReference: readonly FieldSpec[],
): void {
  if (vars.length === 0) return;
  const values = new Map<string, unknown>();
  for (const v of vars) {
    const apiVersion = v.objref.apiVersion;
    const matches = resources.filter((res) =>
      allIds(res).some(
        (id) =>
          (v.objref.kind === undefined || id.kind === v.objref.kind) &&
          (v.objref.name === undefined || id.name === v.objref.name) &&
          (v.objref.namespace === undefined || id.namespace === v.objref.namespace) &&
          (apiVersion === undefined || res.obj.apiVersion === apiVersion),
      ),
    );
    const res = matches[0];
    if (res === undefined || matches.length > 1) {
      throw new RenderError(
        `${v.file}: var "${v.name}" ${res === undefined ? 'matches no object' : `matches ${matches.length} objects`} (${v.objref.kind ?? '?'}/${v.objref.name ?? '?'})`,
        { data: { file: v.file, var: v.name } },
      );
    }
    const path = v.fieldref?.fieldpath || 'metadata.name';
    const value = readFieldPath(res.obj, path);
    if (value === undefined || (typeof value === 'object' && value !== null)) {
      throw new RenderError(
        `${v.file}: var "${v.name}": field ${path} of ${formatId(curId(res))} is not a scalar`,
        {
          data: { file: v.file, var: v.name },
        },
      );
    }
    values.set(v.name, value);
  }
  const expand = (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const whole = /^\$\(([^)]+)\)$/u.exec(value);
    if (whole && values.has(whole[1]!)) return values.get(whole[1]!);
    return expandString(value, values);
  };
  for (const res of resources) {
    const id = curId(res);
    for (const spec of varReference) {
      if (!gvkMatches(spec, id)) continue;
      visitFieldPath(res.obj, spec.path, false, (parent, key) => {
        const value = parent[key];
        if (Array.isArray(value)) parent[key] = value.map(expand);
        else if (isPlainObject(value)) {
          for (const [k, v] of Object.entries(value)) value[k] = expand(v);
        } else parent[key] = expand(value);
      });
    }
  }
}

/** Kubernetes-style `$(VAR)` expansion: `$$` escapes, unknown variables stay as written. */
function expandString(input: string, values: ReadonlyMap<string, unknown>): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === '$' && input[i + 1] === '$') {
      out += '$';
      i++;
    } else if (c === '$' && input[i + 1] === '(') {
      const end = input.indexOf(')', i + 2);
      const name = end < 0 ? undefined : input.slice(i + 2, end);
      if (name !== undefined && values.has(name)) {
        out += String(values.get(name));
        i = end;
      } else out += c;
    } else out += c;
  }
  return out;
}
