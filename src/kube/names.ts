/**
 * Kubernetes name rules, with the exact messages the API server prints, so that an error
 * from the embedded control plane reads like one from a real cluster.
 */

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

export const NameRule = {
  Subdomain: 'subdomain',
  Label: 'label',
  Dns1035: 'dns1035',
} as const;
export type NameRule = (typeof NameRule)[keyof typeof NameRule];

const RULES: Record<NameRule, { pattern: RegExp; max: number; message: string }> = {
  subdomain: {
    pattern: SUBDOMAIN,
    max: 253,
    message:
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  },
  label: {
    pattern: LABEL,
    max: 63,
    message:
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
  },
  dns1035: {
    pattern: DNS1035,
    max: 63,
    message:
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
  },
};

/** The problems with `name` under `rule`, empty when it is valid. */
export function nameProblems(name: string, rule: NameRule): string[] {
  const { pattern, max, message } = RULES[rule];
  const problems: string[] = [];
  if (name.length > max) problems.push(`must be no more than ${max} characters`);
  if (!pattern.test(name)) problems.push(message);
  return problems;
}
