import type { LoadedKustomization } from './accumulate.js';
import type { ImageEntry, PatchEntry } from './kustomization.js';
import type { KustomizeSourceOptions } from './source-options-schema.js';

/**
 * Parses an Argo CD image override as `kustomize edit set image` does:
 * `[name=]newName[:tag][@digest]`, or `name:tag` / `name@digest` to keep the name.
 */
export function parseImageOverride(text: string): ImageEntry {
  const eq = text.indexOf('=');
  const name = eq >= 0 ? text.slice(0, eq) : undefined;
  const rest = eq >= 0 ? text.slice(eq + 1) : text;
  const at = rest.indexOf('@');
  const digest = at >= 0 ? rest.slice(at + 1) : undefined;
  const ref = at >= 0 ? rest.slice(0, at) : rest;
  const colon = ref.lastIndexOf(':');
  const tag = colon > ref.lastIndexOf('/') ? ref.slice(colon + 1) : undefined;
  const newName = colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref;
  const entry: ImageEntry = { name: name ?? newName };
  if (name !== undefined && newName !== name) entry.newName = newName;
  if (tag !== undefined) entry.newTag = tag;
  if (digest !== undefined) entry.digest = digest;
  return entry;
}

/** Applies Argo CD's `source.kustomize` settings to the top kustomization, as `kustomize edit` would. */
export function applySourceOptions(
  top: LoadedKustomization,
  options: KustomizeSourceOptions,
): void {
  const k = top.kustomization;
  if (options.namePrefix) k.namePrefix = options.namePrefix;
  if (options.nameSuffix) k.nameSuffix = options.nameSuffix;
  if (options.namespace) k.namespace = options.namespace;
  if (options.commonLabels) k.commonLabels = { ...k.commonLabels, ...options.commonLabels };
  if (options.commonAnnotations) {
    k.commonAnnotations = { ...k.commonAnnotations, ...options.commonAnnotations };
  }
  for (const text of options.images ?? []) {
    const entry = parseImageOverride(text);
    const images = (k.images ??= []);
    const i = images.findIndex((img) => img.name === entry.name);
    if (i >= 0) images[i] = { ...images[i]!, ...entry };
    else images.push(entry);
  }
  for (const { name, count } of options.replicas ?? []) {
    const replicas = (k.replicas ??= []);
    const value = Number(count);
    const i = replicas.findIndex((r) => r.name === name);
    if (i >= 0) replicas[i] = { name, count: value };
    else replicas.push({ name, count: value });
  }
  if (options.patches) k.patches = [...(k.patches ?? []), ...(options.patches as PatchEntry[])];
  if (options.components) k.components = [...(k.components ?? []), ...options.components];
}
