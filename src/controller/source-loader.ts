import type { KubeObject } from '../kube/object.js';
import type { ApplicationSource } from '../model/application.js';
import type { RenderContext } from '../render/helm-source-options.js';

export interface ResolveOptions {
  maxAgeMs?: number;
  notBefore?: number;
}

/** What the controller needs from Git and rendering: a revision, then that revision's objects. */
export interface SourceLoader {
  /**
   * Resolves targetRevision to a commit. An answer younger than `maxAgeMs` may be reused,
   * so a burst of refreshes for apps of one repository asks the server once; with
   * `notBefore` (epoch ms), any answer asked of the server at or after that time will do.
   */
  resolve(source: ApplicationSource, options?: ResolveOptions): Promise<string>;
  /** The objects at `revision`; `context` names the app and its namespace (Helm's release). */
  render(
    source: ApplicationSource,
    revision: string,
    context?: RenderContext,
  ): Promise<KubeObject[]>;
}
