import { isPlainObject } from '../../kube/object.js';
import { gvkMatches, visitFieldPath, type FieldSpec } from './field-spec.js';
import type { ImageEntry } from './kustomization.js';
import { allIds, curId, type Resource } from './resource.js';
import { RenderError } from '../../model/errors.js';

/** Splits an image reference into name, tag and digest, as Kustomize does. */
export function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = Math.max(image.indexOf('/'), 0);
  const search = image.slice(slash);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (at < 0 && colon < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (colon < 0 || at < colon)) {
    return { name: image.slice(0, slash + at), tag: '', digest: image.slice(slash + at + 1) };
  }
  if (at >= 0) {
    return {
      name: image.slice(0, slash + colon),
      tag: image.slice(slash + colon + 1, slash + at),
      digest: image.slice(slash + at + 1),
    };
  }
  return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1), digest: '' };
}

function imageMatcher(name: string): RegExp {
  try {
    return new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9]*)?$`, 'u');
  } catch {
    return new RegExp(
      `^${name.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9]*)?$`,
      'u',
    );
  }
}

export function updateImage(image: string, entry: ImageEntry, matcher: RegExp): string {
  if (!matcher.test(image)) return image;
  let { name, tag, digest } = splitImage(image);
  if (entry.newName) name = entry.newName;
  if (entry.newTag && entry.digest) {
    tag = entry.newTag;
    digest = entry.digest;
  } else if (entry.newTag) {
    tag = entry.newTag;
    digest = '';
  } else if (entry.digest) {
    tag = '';
    digest = entry.digest;
  }
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/**
 * `images`: rewrites the `image` of every item of any `containers` or `initContainers` list,
 * at any depth and in any kind (custom kinds included), then the fields the `images` field
 * specs name (the image volume fields, and those of `configurations`), which are never
 * created and are left alone in CustomResourceDefinitions.
 */
export function applyImages(
  resources: readonly Resource[],
  images: readonly ImageEntry[],
  specs: readonly FieldSpec[],
): void {
  for (const entry of images) {
    const matcher = imageMatcher(entry.name);
    const update = (v: unknown): unknown =>
      typeof v === 'string' ? updateImage(v, entry, matcher) : v;
    for (const res of resources) {
      walkContainers(res.obj, update);
      if (res.obj.kind === 'CustomResourceDefinition') continue;
      const id = curId(res);
      for (const spec of specs) {
        if (!gvkMatches(spec, id)) continue;
        visitFieldPath(res.obj, spec.path, false, (parent, key) => {
          parent[key] = update(parent[key]);
        });
      }
    }
  }
}

function walkContainers(node: unknown, update: (v: unknown) => unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) walkContainers(item, update);
    return;
  }
  if (!isPlainObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const c of value) if (isPlainObject(c) && 'image' in c) c['image'] = update(c['image']);
    }
    walkContainers(value, update);
  }
}

/**
 * `replicas`: sets the `replicas` field specs (`spec/replicas` of the workload kinds, and
 * those of `configurations`) on objects that have (or had) the given name.
 */
export function applyReplicas(
  file: string,
  resources: readonly Resource[],
  replicas: readonly { name: string; count: number }[],
  specs: readonly FieldSpec[],
): void {
  for (const { name, count } of replicas) {
    let found = false;
    for (const res of resources) {
      if (!allIds(res).some((id) => id.name === name)) continue;
      const id = curId(res);
      for (const spec of specs) {
        if (!gvkMatches(spec, id)) continue;
        found = true;
        visitFieldPath(res.obj, spec.path, true, (parent, key) => {
          parent[key] = count;
        });
      }
    }
    if (!found) {
      const kinds = [...new Set(specs.map((s) => s.kind ?? '*'))].join(', ');
      throw new RenderError(
        `${file}: replicas: no object of a kind with a replicas field (${kinds}) is named "${name}"`,
        { data: { file, name } },
      );
    }
  }
}
