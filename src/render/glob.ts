import { RenderError } from '../model/errors.js';

/**
 * Compiles a glob into an anchored RegExp with the semantics Argo CD uses for
 * `directory.include` / `directory.exclude` (gobwas/glob without separators):
 * `*` and `**` match any run of characters including `/`, `?` one character,
 * `[abc]`, `[a-z]`, `[!a]` / `[^a]` a character class, `{a,b}` alternatives (nestable),
 * and `\x` escapes `x`.
 */
export function globToRegExp(glob: string): RegExp {
  const state = { pos: 0 };
  const body = compile(glob, state, false);
  return new RegExp(`^(?:${body})$`, 'su');
}

/** Whether `path` matches `glob` (see {@link globToRegExp}). */
export function matchesGlob(glob: string, path: string): boolean {
  return globToRegExp(glob).test(path);
}

function compile(glob: string, state: { pos: number }, inBraces: boolean): string {
  let out = '';
  while (state.pos < glob.length) {
    const ch = glob[state.pos]!;
    if (inBraces && (ch === ',' || ch === '}')) return out;
    state.pos++;
    switch (ch) {
      case '*':
        while (glob[state.pos] === '*') state.pos++;
        out += '.*';
        break;
      case '?':
        out += '.';
        break;
      case '[':
        out += compileClass(glob, state);
        break;
      case '{':
        out += compileAlternatives(glob, state);
        break;
      case '\\': {
        const next = glob[state.pos];
        if (next === undefined) throw invalid(glob, 'ends with a lone backslash');
        state.pos++;
        out += escapeRegExp(next);
        break;
      }
      default:
        out += escapeRegExp(ch);
    }
  }
  if (inBraces) throw invalid(glob, 'has an unclosed "{"');
  return out;
}

function compileAlternatives(glob: string, state: { pos: number }): string {
  const alternatives: string[] = [];
  for (;;) {
    alternatives.push(compile(glob, state, true));
    const stop = glob[state.pos];
    state.pos++;
    if (stop === '}') return `(?:${alternatives.join('|')})`;
  }
}

function compileClass(glob: string, state: { pos: number }): string {
  const close = glob.indexOf(']', state.pos + 1);
  if (close < 0) throw invalid(glob, 'has an unclosed "["');
  let inner = glob.slice(state.pos, close);
  state.pos = close + 1;
  let negate = false;
  if (inner.startsWith('!') || inner.startsWith('^')) {
    negate = true;
    inner = inner.slice(1);
  }
  const escaped = inner.replace(/[\\\]^[]/gu, (c) => `\\${c}`);
  return `[${negate ? '^' : ''}${escaped}]`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/gu, '\\$&');
}

function invalid(glob: string, problem: string): RenderError {
  return new RenderError(`invalid glob "${glob}": it ${problem}`, { data: { glob } });
}
