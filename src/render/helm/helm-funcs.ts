import { stringify as tomlStringify } from 'smol-toml';
import { goJson, parseGoJson } from './sprig/json.js';
import { def, type FuncMap, argString } from './template/funcs.js';
import { FuncError, isGoMap } from './template/go-value.js';
import type { TemplateSet } from './template/template-set.js';
import { goYaml, parseGoYaml, toPlain } from './yaml-codec.js';

/** How deep `include` may nest one template name, as Helm limits it. */
const MAX_INCLUDE_DEPTH = 1000;

function tomlValue(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(tomlValue);
  if (isGoMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v))
      if (x !== null && x !== undefined) out[k] = tomlValue(x);
    return out;
  }
  return v;
}

/** Helm's own functions that need no template set: YAML, JSON, TOML, required, lookup. */
export function helmDataFuncs(): FuncMap {
  return {
    toYaml: def(1, 1, (a) => {
      try {
        return goYaml(a[0]).replace(/\n$/u, '');
      } catch {
        return '';
      }
    }),
    mustToYaml: def(1, 1, (a) => goYaml(a[0]).replace(/\n$/u, '')),
    fromYaml: def(1, 1, (a) => {
      try {
        const v = parseGoYaml(argString(a[0]));
        return isGoMap(v) ? v : {};
      } catch (err) {
        return { Error: (err as Error).message };
      }
    }),
    fromYamlArray: def(1, 1, (a) => {
      try {
        const v = parseGoYaml(argString(a[0]));
        return Array.isArray(v) ? v : [];
      } catch (err) {
        return [(err as Error).message];
      }
    }),
    toJson: def(1, 1, (a) => {
      try {
        return goJson(a[0]);
      } catch {
        return '';
      }
    }),
    fromJson: def(1, 1, (a) => {
      try {
        const v = parseGoJson(argString(a[0]));
        return isGoMap(v) ? v : {};
      } catch (err) {
        return { Error: (err as Error).message };
      }
    }),
    fromJsonArray: def(1, 1, (a) => {
      try {
        const v = parseGoJson(argString(a[0]));
        return Array.isArray(v) ? v : [];
      } catch (err) {
        return [(err as Error).message];
      }
    }),
    toToml: def(1, 1, (a) => {
      try {
        const v = tomlValue(toPlain(a[0]));
        return isGoMap(v) ? `${tomlStringify(v)}\n` : '';
      } catch (err) {
        return (err as Error).message;
      }
    }),
    required: def(2, 2, (a) => {
      const v = a[1];
      if (v === null || v === undefined || v === '') throw new FuncError(argString(a[0]));
      return v;
    }),
    lookup: def(4, 4, () => ({})),
  };
}

/**
 * `include` and `tpl`, closed over the template set they run in. `tpl` parses into a
 * clone, so templates it defines stay local to that call, as in Helm.
 */
export function helmTemplateFuncs(set: () => TemplateSet): FuncMap {
  const depth = new Map<string, number>();
  return {
    include: def(2, 2, (a) => {
      const name = argString(a[0]);
      const n = depth.get(name) ?? 0;
      if (n > MAX_INCLUDE_DEPTH) {
        throw new FuncError(
          `rendering template has a nested reference name: ${name}: unable to execute template`,
        );
      }
      depth.set(name, n + 1);
      try {
        return set().execute(name, a[1] ?? undefined);
      } finally {
        depth.set(name, n);
      }
    }),
    tpl: def(2, 2, (a) => {
      const text = argString(a[0]);
      const vals = a[1];
      const tmplName =
        isGoMap(vals) && isGoMap(vals['Template']) ? vals['Template']['Name'] : undefined;
      if (typeof tmplName !== 'string') {
        throw new FuncError(
          `cannot retrieve Template.Name from values inside tpl function: ${text}`,
        );
      }
      const clone = set().clone();
      try {
        clone.parse(tmplName, text);
      } catch (err) {
        throw new FuncError(
          `cannot parse template ${JSON.stringify(text)}: ${(err as Error).message}`,
        );
      }
      try {
        return clone.execute(tmplName, vals).replaceAll('<no value>', '');
      } catch (err) {
        throw new FuncError(
          `error during tpl function execution for ${JSON.stringify(text)}: ${(err as Error).message}`,
        );
      }
    }),
  };
}
