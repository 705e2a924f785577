import { describe, expect, it } from 'vitest';
import type { Application, ResourceResult } from '../../src/model/application.js';
import { SyncProgress, resultKey } from '../../src/cli/client/sync-progress.js';

function result(kind: string, name: string, extra: Partial<ResourceResult> = {}): ResourceResult {
  return {
    group: kind === 'Deployment' ? 'apps' : kind === 'Job' ? 'batch' : '',
    version: 'v1',
    kind,
    namespace: 'shop',
    name,
    status: 'Synced',
    message: `${kind.toLowerCase()}/${name} configured`,
    syncPhase: 'Sync',
    ...extra,
  };
}

function app(phase: string, message: string, resources: ResourceResult[]): Application {
  return {
    apiVersion: 'ferry.dev/v1alpha1',
    kind: 'Application',
    metadata: { name: 'shop', namespace: 'ferry' },
    spec: { source: { repoURL: 'https://git.example.com/shop.git' }, destination: {} },
    status: {
      sync: { status: 'OutOfSync' },
      health: { status: 'Progressing' },
      resources: [],
      operationState: {
        operation: { sync: {} },
        phase: phase as 'Running',
        message,
        startedAt: '2026-01-01T00:00:00Z',
        syncResult: { revision: 'abc', resources, source: { repoURL: 'x' } },
      },
    },
  } as Application;
}

const migrate = result('Job', 'migrate', {
  syncPhase: 'PreSync',
  hookType: 'PreSync',
  hookPhase: 'Succeeded',
  message: 'job completed',
});
const config = result('ConfigMap', 'settings');
const web = result('Deployment', 'web');
const waves = new Map([
  [resultKey(config), 0],
  [resultKey(web), 1],
]);

describe('sync progress', () => {
  it('appends a line per change of a resource in a log, in the order the sync runs', () => {
    let out = '';
    const progress = new SyncProgress({ tty: false, write: (t) => (out += t) }, waves);
    progress.show(app('Running', 'PreSync wave 0: 1 task(s) run', [migrate]));
    progress.show(app('Running', 'Sync wave 0: 1 task(s) run', [migrate, config]));
    progress.show(app('Running', 'Sync wave 0: 1 task(s) run', [migrate, config]));
    progress.show(app('Succeeded', 'successfully synced', [web, config, migrate]));
    progress.done();
    const lines = out.trimEnd().split('\n');
    expect(lines.filter((l) => l.includes('Job/shop/migrate'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('ConfigMap/shop/settings'))).toHaveLength(1);
    expect(lines.at(-2)).toBe(
      'shop: sync OutOfSync, health Progressing, operation Succeeded (3/3 resources): successfully synced',
    );
    expect(lines.at(-1)).toMatch(
      /^ {2}Sync wave 1\s+Deployment\/shop\/web\s+Synced\s+deployment\/web configured$/,
    );
    expect(out).toMatch(/PreSync hook\s+Job\/shop\/migrate\s+Succeeded\s+job completed/);
    expect(out).not.toContain('\u001b');
  });

  it('redraws the summary and one line per resource in place on a terminal', () => {
    const writes: string[] = [];
    const progress = new SyncProgress({
      tty: true,
      columns: 80,
      rows: 24,
      write: (t) => writes.push(t),
    });
    progress.show(app('Running', 'PreSync wave 0: 1 task(s) run', [migrate]));
    progress.setWaves(waves);
    progress.show(app('Running', 'Sync wave 1: 1 task(s) run', [migrate, config, web]));
    progress.show(app('Running', 'Sync wave 1: 1 task(s) run', [migrate, config, web]));
    progress.done();
    expect(writes).toHaveLength(3);
    expect(writes[0]!.startsWith('\r\u001b[0J')).toBe(true);
    // Back to the first of the two lines drawn before, then the four lines of now.
    expect(writes[1]!.startsWith('\u001b[1F\u001b[0J')).toBe(true);
    const screen = writes[1]!.split('\n').map((l) => l.slice(l.lastIndexOf('\u001b[2K') + 4));
    expect(screen).toHaveLength(4);
    expect(screen[1]).toMatch(/^ {2}PreSync hook\s+Job\/shop\/migrate\s+Succeeded/);
    expect(screen[2]).toMatch(/^ {2}Sync wave 0\s+ConfigMap\/shop\/settings\s+Synced/);
    expect(screen[3]).toMatch(/^ {2}Sync wave 1\s+Deployment\/shop\/web\s+Synced/);
    expect(screen.every((l) => l.length < 80)).toBe(true);
    expect(writes[2]).toBe('\n');
  });

  it('cuts the resource list to the terminal height', () => {
    let last = '';
    const many = Array.from({ length: 30 }, (_, i) => result('ConfigMap', `cm-${i}`));
    const progress = new SyncProgress({ tty: true, rows: 10, write: (t) => (last = t) });
    progress.show(app('Running', 'Sync wave 0: 30 task(s) run', many));
    const screen = last.split('\n');
    expect(screen).toHaveLength(8);
    expect(screen.at(-1)).toContain('… and 24 more');
  });
});
