import { describe, expect, it } from 'vitest';
import { chartLocation } from '../../../src/repo/helm/chart-source-ref.js';
import { isVersionRange, pickChartVersion } from '../../../src/repo/helm/chart-version.js';

const VERSIONS = ['2.0.0-rc.1', '1.10.0', '1.2.3', '1.2.10', '1.3.0-beta.1', '0.9.0', 'v3.0.0'];

describe('pickChartVersion', () => {
  it.each<[string | undefined, string | undefined]>([
    ['1.2.3', '1.2.3'],
    ['v1.2.3', '1.2.3'],
    ['3.0.0', 'v3.0.0'],
    ['1.2.4', undefined],
    ['1.2.*', '1.2.10'],
    ['1.*', '1.10.0'],
    ['>=1 <2', '1.10.0'],
    ['>=1, <1.3', '1.2.10'],
    ['^1.2', '1.10.0'],
    ['~1.2.0', '1.2.10'],
    ['<1 || >=3', 'v3.0.0'],
    ['>=1.3.0-beta.0 <1.4', '1.3.0-beta.1'],
    ['>=2.0.0-rc.0 <3', '2.0.0-rc.1'],
    ['>=1.11', 'v3.0.0'],
    ['>=4', undefined],
    ['', 'v3.0.0'],
    [undefined, 'v3.0.0'],
    ['*', 'v3.0.0'],
  ])('%s selects %s', (wanted, expected) => {
    expect(pickChartVersion(VERSIONS, wanted)).toBe(expected);
  });

  it('skips pre-releases for a plain range, and versions that are not semver', () => {
    expect(pickChartVersion(['1.0.0', '1.1.0-alpha', 'latest-build'], '1.x')).toBe('1.0.0');
    expect(pickChartVersion(['latest-build'], 'latest-build')).toBe('latest-build');
  });

  it('tells ranges from exact versions', () => {
    expect(isVersionRange('1.2.3')).toBe(false);
    expect(isVersionRange('^1.2')).toBe(true);
    expect(isVersionRange('')).toBe(true);
  });
});

describe('chartLocation', () => {
  it.each<[string, string | undefined, unknown]>([
    [
      'https://charts.example.com/stable/',
      'nginx',
      { kind: 'http', repoURL: 'https://charts.example.com/stable', chart: 'nginx' },
    ],
    [
      'oci://ghcr.io/team/charts',
      'nginx',
      { kind: 'oci', host: 'ghcr.io', name: 'team/charts/nginx', plainHttp: false, chart: 'nginx' },
    ],
    [
      'registry-1.docker.io/bitnamicharts',
      'redis',
      {
        kind: 'oci',
        host: 'registry-1.docker.io',
        name: 'bitnamicharts/redis',
        plainHttp: false,
        chart: 'redis',
      },
    ],
    [
      'oci://127.0.0.1:5000/charts/web',
      undefined,
      { kind: 'oci', host: '127.0.0.1:5000', name: 'charts/web', plainHttp: true, chart: 'web' },
    ],
  ])('%s + %s', (repoURL, chart, expected) => {
    expect(chartLocation(repoURL, chart)).toEqual(expected);
  });

  it('needs a chart for a Helm repository', () => {
    expect(() => chartLocation('https://charts.example.com', undefined)).toThrow(
      /needs spec.source.chart/u,
    );
  });
});
