/**
 * `.helmignore` rules, as Helm's ignore package reads them: one glob per line, `#`
 * comments, `!` negation, a trailing `/` matches directories only, and a pattern without
 * `/` matches the base name at any depth. `templates/.?*` is always ignored.
 */
export interface IgnoreRule {
  negate: boolean;
  dirOnly: boolean;
  re: RegExp;
  matchBase: boolean;
}

export function parseHelmignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of [...text.split(/\r?\n/u), 'templates/.?*']) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line === '!' || line === '/' || line.includes('**')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    line = line.replace(/^\//u, '');
    rules.push({ negate, dirOnly, re: segmentGlob(line), matchBase: !line.includes('/') });
  }
  return rules;
}

/** Go's filepath.Match syntax: `*` and `?` never cross `/`. */
function segmentGlob(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${pattern.slice(i + 1, close).replace(/^\^|^!/u, '^')}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^$(){}|]/gu, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

/** Whether a chart-relative path is ignored; later rules win, as in Helm. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const r of rules) {
    if (r.dirOnly && !isDir) continue;
    const target = r.matchBase ? path.slice(path.lastIndexOf('/') + 1) : path;
    if (r.re.test(target)) ignored = !r.negate;
  }
  return ignored;
}
