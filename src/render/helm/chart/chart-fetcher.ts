/**
 * Fetches charts that a chart depends on but does not vendor in `charts/`. Rendering only
 * reads files; whoever renders (the controller, the CLI) injects the network side.
 */
export interface ChartFetcher {
  /**
   * The archive (.tgz) of `chart` in `repoURL` (`https://…` or `oci://…`) at the highest
   * version matching `version` (exact or a semver range), and which version that was.
   */
  fetchChart(request: {
    repoURL: string;
    chart: string;
    version?: string;
  }): Promise<{ version: string; archive: Uint8Array }>;
}
