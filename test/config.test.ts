import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadServeConfig, loadSettingsFile } from '../src/config.js';
import { parseDuration } from '../src/model/duration.js';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['2m', 120_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['45', 45_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it('rejects nonsense', () => {
    expect(parseDuration('soon')).toBeUndefined();
    expect(parseDuration('5 parsecs')).toBeUndefined();
  });
});

describe('loadServeConfig', () => {
  it('uses Argo CD polling defaults', () => {
    const config = loadServeConfig({}, {});
    expect(config.poll).toEqual({ intervalMs: 120_000, jitterMs: 60_000 });
    expect(config.host).toBe('127.0.0.1');
    expect(config.appNamespace).toBe('ferry');
  });

  it('lets flags win over the environment', () => {
    const config = loadServeConfig(
      { port: '9000' },
      { FERRY_PORT: '7000', FERRY_POLL_INTERVAL: '10s' },
    );
    expect(config.port).toBe(9000);
    expect(config.poll.intervalMs).toBe(10_000);
  });

  it('reads the managed namespaces as a list, from the flag or FERRY_MANAGED_NAMESPACES', () => {
    expect(loadServeConfig({}, {}).managedNamespaces).toBeUndefined();
    expect(
      loadServeConfig({}, { FERRY_MANAGED_NAMESPACES: 'team-a, team-b,,team-a' }).managedNamespaces,
    ).toEqual(['team-a', 'team-b']);
    expect(
      loadServeConfig({ managedNamespaces: 'team-c' }, { FERRY_MANAGED_NAMESPACES: 'team-a' })
        .managedNamespaces,
    ).toEqual(['team-c']);
    expect(loadServeConfig({ managedNamespaces: ' , ' }, {}).managedNamespaces).toBeUndefined();
    expect(() => loadServeConfig({ managedNamespaces: 'team-a,Team_B' }, {})).toThrow(
      'managedNamespaces: "Team_B" is not a namespace name',
    );
  });

  it('names every bad setting', () => {
    expect(() => loadServeConfig({ port: 'http', pollInterval: 'soon' }, {})).toThrow(
      /port.*pollInterval|pollInterval.*port/s,
    );
  });

  it("reads how fast replicas take over a dead replica's sync step", () => {
    expect(loadServeConfig({}, {})).toMatchObject({
      syncLockDuration: 10_000,
      syncStalledInterval: 5_000,
    });
    const config = loadServeConfig(
      { syncLockDuration: '4s' },
      { FERRY_SYNC_LOCK_DURATION: '30s', FERRY_SYNC_STALLED_INTERVAL: '1500ms' },
    );
    expect(config).toMatchObject({ syncLockDuration: 4_000, syncStalledInterval: 1_500 });
  });
});

describe('loadSettingsFile', () => {
  const write = (text: string): string => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ferry-config-')), 'ferry.yaml');
    writeFileSync(file, text);
    return file;
  };

  it('reads global ignoreDifferences and custom health checks', () => {
    const file = write(`ignoreDifferences:
  - group: apps
    kind: Deployment
    jsonPointers: [/spec/replicas]
health:
  checks:
    - group: cert-manager.io
      kind: Certificate
      rules:
        - status: Healthy
          condition: {type: Ready, status: "True"}
`);
    const settings = loadSettingsFile(file);
    expect(settings.ignoreDifferences).toHaveLength(1);
    expect(settings.healthChecks?.['cert-manager.io/Certificate']).toBeTypeOf('function');
    expect(settings.healthChecks?.['apps/Deployment']).toBeTypeOf('function');
  });

  it('names the file and the problem', () => {
    expect(() => loadSettingsFile(write('colour: blue\n'))).toThrow(
      /ferry\.yaml: unknown setting\(s\) colour/,
    );
    expect(() =>
      loadSettingsFile(write('ignoreDifferences: [{kind: Deployment, jsonPointers: [nope]}]\n')),
    ).toThrow(/ferry\.yaml: .*nope/);
    expect(() => loadSettingsFile('/nonexistent/ferry.yaml')).toThrow(/cannot read config file/);
  });
});
