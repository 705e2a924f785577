/** One requirement of a label selector, as Kubernetes defines them. */
export interface LabelRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: readonly string[];
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export type Labels = Readonly<Record<string, string>> | undefined;

/** Parses the query form `a=b,c!=d,e in (x,y),!f,g`; returns undefined when malformed. */
export function parseSelectorString(text: string): LabelRequirement[] | undefined {
  const reqs: LabelRequirement[] = [];
  for (const part of splitTopLevel(text)) {
    const term = part.trim();
    if (term === '') continue;
    const req = parseTerm(term);
    if (req === undefined) return undefined;
    reqs.push(req);
  }
  return reqs;
}

function parseTerm(term: string): LabelRequirement | undefined {
  const setMatch = /^([^\s!=()]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (setMatch) {
    const values = setMatch[3]!.split(',').map((v) => v.trim());
    return { key: setMatch[1]!, operator: setMatch[2] === 'in' ? 'In' : 'NotIn', values };
  }
  const eqMatch = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=(),]*)$/.exec(term);
  if (eqMatch) {
    const operator = eqMatch[2] === '!=' ? 'NotIn' : 'In';
    return { key: eqMatch[1]!, operator, values: [eqMatch[3]!] };
  }
  if (/^![^\s!=()]+$/.test(term))
    return { key: term.slice(1), operator: 'DoesNotExist', values: [] };
  if (/^[^\s!=()]+$/.test(term)) return { key: term, operator: 'Exists', values: [] };
  return undefined;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Converts a structured selector (as in a Deployment's spec) to requirements. */
export function selectorRequirements(selector: LabelSelector | undefined): LabelRequirement[] {
  const reqs: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {})) {
    reqs.push({ key, operator: 'In', values: [value] });
  }
  for (const expr of selector?.matchExpressions ?? []) {
    const operator = expr.operator as LabelRequirement['operator'];
    reqs.push({ key: expr.key, operator, values: expr.values ?? [] });
  }
  return reqs;
}

export function matchesRequirements(labels: Labels, reqs: readonly LabelRequirement[]): boolean {
  return reqs.every((req) => {
    const value = labels?.[req.key];
    switch (req.operator) {
      case 'In':
        return value !== undefined && req.values.includes(value);
      case 'NotIn':
        return value === undefined || !req.values.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
    }
    return false;
  });
}

export function formatSelector(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}
