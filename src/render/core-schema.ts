import { UNSUPPORTED } from './fast-yaml.js';

/**
 * Plain scalars of YAML 1.2's core schema, which the `yaml` library applies by default, in
 * the order the library tries them. Each reads the text as that library's tag does.
 */
const CORE_TAGS: readonly { test: RegExp; resolve: (text: string) => unknown }[] = [
  { test: /^(?:~|[Nn]ull|NULL)?$/u, resolve: () => null },
  { test: /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/u, resolve: (s) => s[0] === 't' || s[0] === 'T' },
  { test: /^0o[0-7]+$/u, resolve: (s) => parseInt(s.substring(2), 8) },
  { test: /^[-+]?[0-9]+$/u, resolve: (s) => parseInt(s, 10) },
  { test: /^0x[0-9a-fA-F]+$/u, resolve: (s) => parseInt(s.substring(2), 16) },
  {
    test: /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/u,
    resolve: (s) =>
      s.slice(-3).toLowerCase() === 'nan'
        ? NaN
        : s[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY,
  },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/u, resolve: parseFloat },
  { test: /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/u, resolve: parseFloat },
];

/**
 * A plain scalar as the `yaml` library reads it with its defaults (YAML 1.2, core schema): null,
 * a boolean, a number, else the text itself. {@link UNSUPPORTED} for text that is not a plain
 * scalar on its own (`-`, `- x`) or that a merge key (`<<`) could mean something else by.
 * The fast YAML path calls it; test/render/core-schema.test.ts holds it to the library.
 */
export function resolveCoreScalar(text: string): unknown {
  if (text === '' || text === '<<' || (text[0] === '-' && (text.length === 1 || text[1] === ' '))) {
    return UNSUPPORTED;
  }
  for (const tag of CORE_TAGS) if (tag.test.test(text)) return tag.resolve(text);
  return text;
}
