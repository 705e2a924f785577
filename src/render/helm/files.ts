import { goYaml } from './yaml-codec.js';
import { GoStruct } from './template/go-value.js';

/** A chart file: its chart-relative path and its text. */
export interface ChartFile {
  name: string;
  data: string;
}

/**
 * Compiles a gobwas/glob pattern with `/` as separator, as Helm's `.Files.Glob` uses:
 * `*` stays within a path segment, `**` crosses segments, `?`, `[...]`, `{a,b}`.
 */
export function fileGlob(pattern: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') {
      if (pattern[i + 1] === '*') {
        re += '.*';
        i++;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = pattern
          .slice(i + 1, close)
          .replace(/^!/u, '^')
          .replace(/\\/gu, '\\\\');
        re += `[${body}]`;
        i = close;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '\\' && i + 1 < pattern.length) re += `\\${pattern[++i]}`;
    else re += c.replace(/[.+^$()|\\]/gu, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Helm's `.Files`: Get, GetBytes, Glob, Lines, AsConfig, AsSecrets over the chart's files. */
export function filesObject(files: readonly ChartFile[]): GoStruct {
  const byName = new Map(files.map((f) => [f.name, f.data]));
  return new GoStruct(
    'engine.files',
    {},
    {
      Get: (name: unknown) => byName.get(String(name)) ?? '',
      GetBytes: (name: unknown) =>
        new Uint8Array(Buffer.from(byName.get(String(name)) ?? '', 'utf8')),
      Glob: (pattern: unknown) => {
        const re = fileGlob(String(pattern));
        return filesObject(files.filter((f) => re.test(f.name)));
      },
      Lines: (name: unknown) => {
        const s = byName.get(String(name));
        if (s === undefined || s === '') return [];
        return (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n');
      },
      AsConfig: () => {
        if (files.length === 0) return '';
        const m: Record<string, string> = {};
        for (const f of files) m[basename(f.name)] = f.data;
        return goYaml(m).replace(/\n$/u, '');
      },
      AsSecrets: () => {
        if (files.length === 0) return '';
        const m: Record<string, string> = {};
        for (const f of files) m[basename(f.name)] = Buffer.from(f.data, 'utf8').toString('base64');
        return goYaml(m).replace(/\n$/u, '');
      },
    },
  );
}
