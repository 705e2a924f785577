import { matchesRequirements, parseSelectorString } from '../../kube/label-selector.js';
import { RenderError } from '../../model/errors.js';
import type { PatchTarget } from './kustomization.js';
import { curId, orgId, type Resource } from './resource.js';

/** Kustomize anchors each selector field as a whole-string regular expression. */
function anchored(file: string, field: string, pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined || pattern === '') return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch (cause) {
    throw new RenderError(
      `${file}: target ${field} "${pattern}" is not a valid regular expression`,
      {
        cause,
        data: { file, field },
      },
    );
  }
}

function selector(file: string, field: string, text: string | undefined) {
  if (text === undefined || text === '') return undefined;
  const reqs = parseSelectorString(text);
  if (reqs === undefined) {
    throw new RenderError(`${file}: target ${field} "${text}" is not a valid selector`, {
      data: { file, field },
    });
  }
  return reqs;
}

const effective = (ns: string): string => (ns === '' ? 'default' : ns);

/**
 * The resources a patch or replacement target selects: group/version/kind/name/namespace
 * as anchored regular expressions (name and namespace match the original or the current
 * value), then the label and annotation selectors.
 */
export function selectTargets(
  file: string,
  resources: readonly Resource[],
  target: PatchTarget,
): Resource[] {
  const group = anchored(file, 'group', target.group);
  const version = anchored(file, 'version', target.version);
  const kind = anchored(file, 'kind', target.kind);
  const name = anchored(file, 'name', target.name);
  const namespace = anchored(file, 'namespace', target.namespace);
  const labels = selector(file, 'labelSelector', target.labelSelector);
  const annotations = selector(file, 'annotationSelector', target.annotationSelector);
  return resources.filter((res) => {
    const cur = curId(res);
    const org = orgId(res);
    if (
      namespace &&
      !namespace.test(effective(org.namespace)) &&
      !namespace.test(effective(cur.namespace))
    ) {
      return false;
    }
    if (name && !name.test(org.name) && !name.test(cur.name)) return false;
    if (group && !group.test(cur.group)) return false;
    if (version && !version.test(cur.version)) return false;
    if (kind && !kind.test(cur.kind)) return false;
    if (labels && !matchesRequirements(res.obj.metadata.labels, labels)) return false;
    if (annotations && !matchesRequirements(res.obj.metadata.annotations, annotations))
      return false;
    return true;
  });
}
