import { describe, expect, it } from 'vitest';
import { compare } from '../../src/diff/compare.js';
import { diffText, unifiedDiff } from '../../src/diff/diff-text.js';
import { compareOptionsOf, ignoresExtraneous } from '../../src/diff/extraneous.js';
import type { KubeObject } from '../../src/kube/object.js';

const deployment = (image: string, replicas = 2): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
});

describe('diffText', () => {
  it('is empty when nothing changes', () => {
    expect(diffText(compare(deployment('web:1'), deployment('web:1')))).toBe('');
  });

  it('shows a unified YAML diff from live to desired', () => {
    const text = diffText(compare(deployment('web:2'), deployment('web:1')));
    expect(text).toBe(
      [
        '--- live',
        '+++ desired',
        '@@ -9,4 +9,4 @@',
        '     spec:',
        '       containers:',
        '         - name: web',
        '-          image: web:1',
        '+          image: web:2',
        '',
      ].join('\n'),
    );
  });

  it('colours removed and added lines when asked', () => {
    const text = diffText(compare(deployment('web:2'), deployment('web:1')), { color: true });
    expect(text).toContain('\u001b[31m-          image: web:1\u001b[0m');
    expect(text).toContain('\u001b[32m+          image: web:2\u001b[0m');
  });

  it('splits distant changes into separate hunks with correct line numbers', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
    const after = before.replace('line 2\n', 'line two\n').replace('line 19', 'line nineteen');
    const text = unifiedDiff(before, after, { context: 1 });
    expect(text.match(/^@@.*@@$/gm)).toEqual(['@@ -1,3 +1,3 @@', '@@ -18,3 +18,3 @@']);
  });

  it('shows a creation as all added lines', () => {
    const text = diffText(compare(deployment('web:1'), null));
    expect(text.split('\n').filter((l) => l.startsWith('+')).length).toBeGreaterThan(5);
    expect(text).toContain('@@ -0,0 +1,');
  });
});

describe('IgnoreExtraneous', () => {
  it('reads argocd.argoproj.io/compare-options', () => {
    const obj = deployment('web:1');
    expect(ignoresExtraneous(obj)).toBe(false);
    obj.metadata.annotations = {
      'argocd.argoproj.io/compare-options': 'ServerSideDiff=true, IgnoreExtraneous',
    };
    expect(compareOptionsOf(obj)).toEqual(['ServerSideDiff=true', 'IgnoreExtraneous']);
    expect(ignoresExtraneous(obj)).toBe(true);
    expect(ignoresExtraneous(null)).toBe(false);
  });
});
