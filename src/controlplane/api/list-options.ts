import {
  matchesFields,
  parseFieldSelector,
  type FieldRequirement,
} from '../../kube/field-selector.js';
import {
  matchesRequirements,
  parseSelectorString,
  type LabelRequirement,
} from '../../kube/label-selector.js';
import type { KubeObject } from '../../kube/object.js';
import { badRequest, gone } from '../api-error.js';

/** The query parameters of list and watch, parsed. */
export interface ListOptions {
  labels: LabelRequirement[];
  fields: FieldRequirement[];
  limit: number | undefined;
  /** Object key (`namespace/name`) to continue from, inclusive. */
  continueFrom: string | undefined;
  resourceVersion: string | undefined;
  watch: boolean;
  allowWatchBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds: number | undefined;
}

export function parseListOptions(query: URLSearchParams): ListOptions {
  const labelText = query.get('labelSelector') ?? '';
  const labels = parseSelectorString(labelText);
  if (labels === undefined)
    throw badRequest(
      `unable to parse requirement: found '${labelText}', expected: a valid label selector`,
    );
  const fieldText = query.get('fieldSelector') ?? '';
  const fields = parseFieldSelector(fieldText);
  if (fields === undefined)
    throw badRequest(`invalid selector: '${fieldText}'; can't understand '${fieldText}'`);
  const limitText = query.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  const timeoutText = query.get('timeoutSeconds');
  return {
    labels,
    fields,
    limit:
      limit !== undefined && Number.isFinite(limit) && limit > 0 ? Math.floor(limit) : undefined,
    continueFrom: decodeContinue(query.get('continue')),
    resourceVersion: query.get('resourceVersion') ?? undefined,
    watch: isTrue(query.get('watch')),
    allowWatchBookmarks: isTrue(query.get('allowWatchBookmarks')),
    sendInitialEvents: isTrue(query.get('sendInitialEvents')),
    timeoutSeconds: timeoutText === null ? undefined : Number(timeoutText),
  };
}

function isTrue(value: string | null): boolean {
  return value === 'true' || value === '1';
}

export function matchesListOptions(obj: Readonly<KubeObject>, options: ListOptions): boolean {
  return (
    matchesRequirements(obj.metadata.labels, options.labels) && matchesFields(obj, options.fields)
  );
}

/** The real server's token shape: base64 of `{"v":"meta.k8s.io/v1","rv":N,"start":"key\u0000"}`. */
export function encodeContinue(rv: string, lastKey: string): string {
  return Buffer.from(
    JSON.stringify({ v: 'meta.k8s.io/v1', rv: Number(rv), start: `${lastKey}\u0000` }),
  ).toString('base64');
}

function decodeContinue(token: string | null): string | undefined {
  if (token === null || token === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as {
      v?: string;
      start?: string;
    };
    if (parsed.v !== 'meta.k8s.io/v1' || typeof parsed.start !== 'string')
      throw new Error('bad token');
    return parsed.start;
  } catch {
    throw gone(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    );
  }
}
