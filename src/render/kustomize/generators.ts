import { posix } from 'node:path';
import type { KubeObject } from '../../kube/object.js';
import { RenderError } from '../../model/errors.js';
import type { GeneratorArgs, GeneratorOptions, Kustomization } from './kustomization.js';
import { readTreeFile, resolveFileRef, type KustomizationSite } from './kustomize-files.js';
import { newResource, parseGeneratorBehavior, type Resource } from './resource.js';

/** Runs `configMapGenerator` then `secretGenerator`, in file order. */
export async function runGenerators(
  site: KustomizationSite,
  k: Kustomization,
): Promise<Resource[]> {
  const out: Resource[] = [];
  for (const args of k.configMapGenerator ?? []) {
    out.push(await generate(site, 'ConfigMap', args, k.generatorOptions));
  }
  for (const args of k.secretGenerator ?? []) {
    out.push(await generate(site, 'Secret', args, k.generatorOptions));
  }
  return out;
}

async function generate(
  site: KustomizationSite,
  kind: 'ConfigMap' | 'Secret',
  args: GeneratorArgs,
  global: GeneratorOptions | undefined,
): Promise<Resource> {
  const what = `${kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'} "${args.name ?? ''}"`;
  if (!args.name) {
    throw new RenderError(
      `${site.file}: a ${kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'} entry has no name`,
      {
        data: { file: site.file },
      },
    );
  }
  const behavior = parseGeneratorBehavior(args.behavior);
  if (behavior === undefined) {
    throw new RenderError(
      `${site.file}: ${what}: unknown behavior "${args.behavior}" (use create, merge or replace)`,
      {
        data: { file: site.file, name: args.name },
      },
    );
  }
  const pairs = await loadPairs(site, what, args);
  const options = mergeOptions(args.options, global);
  const metadata: KubeObject['metadata'] = { name: args.name };
  if (args.namespace) metadata.namespace = args.namespace;
  if (options.labels && Object.keys(options.labels).length > 0)
    metadata.labels = { ...options.labels };
  if (options.annotations && Object.keys(options.annotations).length > 0) {
    metadata.annotations = { ...options.annotations };
  }
  const obj: KubeObject = { apiVersion: 'v1', kind, metadata };
  if (pairs.length > 0) {
    const data: Record<string, string> = {};
    for (const [key, value] of pairs) {
      data[key] = kind === 'Secret' ? encodeBase64(value) : value;
    }
    obj['data'] = data;
  }
  if (kind === 'Secret') obj['type'] = args.type ?? 'Opaque';
  if (options.immutable === true) obj['immutable'] = true;
  const res = newResource(obj, site.file);
  res.behavior = behavior;
  res.needsHash = options.disableNameSuffixHash !== true;
  return res;
}

function mergeOptions(
  local: GeneratorOptions = {},
  global: GeneratorOptions = {},
): GeneratorOptions {
  return {
    labels: { ...global.labels, ...local.labels },
    annotations: { ...global.annotations, ...local.annotations },
    disableNameSuffixHash:
      global.disableNameSuffixHash === true || local.disableNameSuffixHash === true,
    immutable: global.immutable === true || local.immutable === true,
  };
}

/** Key/value pairs from env files, then literals, then files, as Kustomize reads them. */
async function loadPairs(
  site: KustomizationSite,
  what: string,
  args: GeneratorArgs,
): Promise<[string, string][]> {
  const pairs: [string, string][] = [];
  const envs = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  for (const env of envs) {
    const path = resolveFileRef(site, env);
    pairs.push(...parseEnvFile(site, path, await readTreeFile(site.tree, site.file, path)));
  }
  for (const literal of args.literals ?? []) pairs.push(parseLiteral(site.file, what, literal));
  for (const source of args.files ?? []) {
    const eq = source.indexOf('=');
    const key = eq > 0 ? source.slice(0, eq) : undefined;
    const ref = eq > 0 ? source.slice(eq + 1) : source;
    const path = resolveFileRef(site, ref);
    pairs.push([key ?? posix.basename(ref), await readTreeFile(site.tree, site.file, path)]);
  }
  const seen = new Set<string>();
  for (const [key] of pairs) {
    if (seen.has(key)) {
      throw new RenderError(`${site.file}: ${what}: duplicate key "${key}"`, {
        data: { file: site.file, key },
      });
    }
    seen.add(key);
  }
  return pairs;
}

function parseLiteral(file: string, what: string, source: string): [string, string] {
  const eq = source.indexOf('=');
  if (eq <= 0) {
    throw new RenderError(`${file}: ${what}: invalid literal "${source}", expected key=value`, {
      data: { file, literal: source },
    });
  }
  let value = source.slice(eq + 1);
  const q = value[0];
  if (value.length >= 2 && (q === '"' || q === "'") && value.endsWith(q))
    value = value.slice(1, -1);
  return [source.slice(0, eq), value];
}

function parseEnvFile(site: KustomizationSite, path: string, text: string): [string, string][] {
  const pairs: [string, string][] = [];
  text
    .replace(/^\uFEFF/u, '')
    .split('\n')
    .forEach((raw, i) => {
      const line = raw.replace(/\r$/u, '').replace(/^\s+/u, '');
      if (line === '' || line.startsWith('#')) return;
      const eq = line.indexOf('=');
      const key = eq < 0 ? line : line.slice(0, eq);
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/u.test(key)) {
        throw new RenderError(`${path}:${i + 1}: invalid environment variable name "${key}"`, {
          data: { file: path, line: i + 1 },
        });
      }
      if (eq < 0) {
        site.warnings.push({
          file: path,
          line: i + 1,
          message: `"${key}" has no value; Ferry does not read its own environment, so it is empty`,
        });
      }
      pairs.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
    });
  return pairs;
}

/** Base64 as kyaml writes Secret data: past 70 characters, wrapped in 70-character lines, each ending in a newline. */
export function encodeBase64(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  const lineLength = 70;
  if (Math.floor(encoded.length / lineLength) + 1 <= 1) return encoded;
  let out = '';
  for (let i = 0; i < encoded.length; i += lineLength)
    out += `${encoded.slice(i, i + lineLength)}\n`;
  return out;
}
