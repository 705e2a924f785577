import { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeError } from '../model/errors.js';
import { withChartFetcher } from './render-chart-fetcher.js';
import { manifestsToYaml } from './manifest-yaml.js';
import { withRemoteBases } from './render-remote-bases.js';

interface RenderFlags {
  recurse?: boolean;
  include?: string;
  exclude?: string;
  set?: string[];
  setString?: string[];
  setFile?: string[];
  values?: string[];
  releaseName?: string;
  namespace?: string;
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  skipTests?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * `ferry render PATH`: renders a local directory as an Application would — a Helm chart, a
 * kustomization, or plain manifests — and prints multi-document YAML. Helm flags mean what
 * they mean to `helm template`.
 */
export function renderCommand(): Command {
  return new Command('render')
    .description('render the manifests of a local directory (Helm chart, Kustomize or plain YAML)')
    .argument('<path>', 'directory to render')
    .option('--recurse', 'plain directories: include subdirectories')
    .option('--include <glob>', 'plain directories: only files matching this glob')
    .option('--exclude <glob>', 'plain directories: skip files matching this glob')
    .option('--set <key=value>', 'Helm: set values (repeatable; a=b,c=d)', collect)
    .option('--set-string <key=value>', 'Helm: set string values (repeatable)', collect)
    .option('--set-file <key=path>', 'Helm: set values from files (repeatable)', collect)
    .option('-f, --values <file>', 'Helm: values file (repeatable)', collect)
    .option('--release-name <name>', 'Helm: release name', 'release-name')
    .option('-n, --namespace <ns>', 'Helm: release namespace', 'default')
    .option('--kube-version <version>', 'Helm: Kubernetes version for .Capabilities')
    .option('-a, --api-versions <group/version>', 'Helm: extra API versions (repeatable)', collect)
    .option('--include-crds', 'Helm: include the chart crds/ directory')
    .option('--skip-tests', 'Helm: leave out test hooks')
    .action(async (dir: string, flags: RenderFlags) => {
      try {
        process.stdout.write(await renderToYaml(dir, flags));
      } catch (err) {
        process.stderr.write(`ferry render: ${describeError(err)}\n`);
        process.exitCode = 1;
      }
    });
}

/**
 * Renders `dir` to multi-document YAML. The tree is rooted at the enclosing Git checkout
 * (else the filesystem root), so overlays may reach `../base` as they do in a repository.
 */
export async function renderToYaml(dir: string, flags: RenderFlags = {}): Promise<string> {
  // Loaded on use, so that other verbs start fast.
  const { fsSourceTree } = await import('../render/fs-source-tree.js');
  const { renderSource } = await import('../render/render-source.js');
  const abs = path.resolve(dir);
  const root = repositoryRoot(abs);
  const tree = fsSourceTree(root);
  const appPath = toTreePath(root, abs) || '.';
  const directory =
    flags.recurse || flags.include || flags.exclude
      ? { recurse: flags.recurse === true, include: flags.include, exclude: flags.exclude }
      : undefined;
  // Helm options name the source type, so give them only to a chart.
  const helm = existsSync(path.join(abs, 'Chart.yaml'))
    ? await helmFlags(abs, root, flags)
    : undefined;
  const result = await withRemoteBases((remoteBases) =>
    withChartFetcher((charts) =>
      renderSource(
        tree,
        {
          repoURL: 'file://local',
          path: appPath,
          ...(directory ? { directory } : {}),
          ...(helm ? { helm } : {}),
        },
        {
          appName: flags.releaseName ?? 'release-name',
          namespace: flags.namespace ?? 'default',
          remoteBases,
          charts,
        },
      ),
    ),
  );
  for (const w of result.warnings) {
    process.stderr.write(
      `warning: ${w.file}${w.line === undefined ? '' : `:${w.line}`}: ${w.message}\n`,
    );
  }
  return manifestsToYaml(result.objects);
}

/** `helm template`'s flags as an Application's `source.helm`. */
async function helmFlags(
  chartDir: string,
  root: string,
  flags: RenderFlags,
): Promise<Record<string, unknown>> {
  const chartRelative = (file: string, what: string): string => {
    const abs = path.resolve(file);
    const inside = path.relative(root, abs);
    if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
      throw new Error(`${what} ${file} must be inside ${root}`);
    }
    return path.relative(chartDir, abs).split(path.sep).join('/');
  };
  const valueFiles = (flags.values ?? []).map((file) => chartRelative(file, 'values file'));
  const fileParameters = (flags.setFile ?? []).flatMap(splitSetFile).map(({ name, file }) => ({
    name,
    path: chartRelative(file, 'file'),
  }));
  let valuesObject: Record<string, unknown> | undefined;
  if ((flags.set ?? []).length + (flags.setString ?? []).length > 0) {
    const { applySet } = await import('../render/helm/chart/set-values.js');
    valuesObject = {};
    for (const text of flags.set ?? []) applySet(valuesObject, text);
    for (const text of flags.setString ?? []) applySet(valuesObject, text, true);
  }
  return {
    ...(valueFiles.length > 0 ? { valueFiles } : {}),
    ...(valuesObject ? { valuesObject } : {}),
    ...(fileParameters.length > 0 ? { fileParameters } : {}),
    ...(flags.kubeVersion ? { kubeVersion: flags.kubeVersion } : {}),
    ...(flags.apiVersions ? { apiVersions: flags.apiVersions } : {}),
    skipCrds: flags.includeCrds !== true,
    skipTests: flags.skipTests === true,
  };
}

/** `--set-file a=path,b=path`: pairs split on unescaped commas, each on its first `=`. */
function splitSetFile(text: string): { name: string; file: string }[] {
  return text
    .split(/(?<!\\),/u)
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new Error(`--set-file ${pair}: expected key=path`);
      return { name: pair.slice(0, eq), file: pair.slice(eq + 1).replace(/\\,/gu, ',') };
    });
}

function toTreePath(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

function repositoryRoot(dir: string): string {
  for (let d = dir; ; d = path.dirname(d)) {
    if (existsSync(path.join(d, '.git'))) return d;
    if (path.dirname(d) === d) return d;
  }
}
