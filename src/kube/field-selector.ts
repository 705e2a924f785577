import { isPlainObject } from './object.js';

/** One term of a field selector such as `metadata.name=web` or `status.phase!=Running`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

/** Parses `a=b,c!=d,e==f`; returns undefined when a term is malformed. */
export function parseFieldSelector(text: string): FieldRequirement[] | undefined {
  const reqs: FieldRequirement[] = [];
  for (const raw of text.split(',')) {
    const term = raw.trim();
    if (term === '') continue;
    const match = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) return undefined;
    reqs.push({
      field: match[1]!,
      operator: match[2] === '!=' ? '!=' : '=',
      value: match[3]!.trim(),
    });
  }
  return reqs;
}

/** The string form of a dotted field path of an object, `''` when absent. */
export function fieldValue(obj: unknown, path: string): string {
  let current: unknown = obj;
  for (const part of path.split('.')) {
    if (!isPlainObject(current)) return '';
    current = current[part];
  }
  if (current === undefined || current === null) return '';
  return typeof current === 'object' ? JSON.stringify(current) : String(current);
}

export function matchesFields(obj: unknown, reqs: readonly FieldRequirement[]): boolean {
  return reqs.every((req) => {
    const value = fieldValue(obj, req.field);
    return req.operator === '=' ? value === req.value : value !== req.value;
  });
}
