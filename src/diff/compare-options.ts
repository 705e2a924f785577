import type { IgnoreDifference } from './ignore-differences.js';

/** Field managers of controllers whose writes are never drift (the HPA writes replicas through it). */
export const DEFAULT_CONTROLLER_MANAGERS: readonly string[] = ['kube-controller-manager'];

/** Ferry's own field manager, whose server-side-apply entries tell what it last applied. */
export const DEFAULT_OWN_MANAGERS: readonly string[] = ['ferry'];

export interface CompareOptions {
  /** ignoreDifferences rules, the app's and the global ones together. @defaultValue [] */
  ignoreDifferences?: readonly IgnoreDifference[];
  /**
   * Managers whose fields in `managedFields` are never drift, on top of each rule's
   * `managedFieldsManagers`. @defaultValue DEFAULT_CONTROLLER_MANAGERS
   */
  controllerManagers?: readonly string[];
  /**
   * Managers whose server-side-apply entries stand in for the last-applied annotation when
   * it is missing. @defaultValue DEFAULT_OWN_MANAGERS
   */
  ownManagers?: readonly string[];
  /** Fill in known API defaults on the desired object. @defaultValue true */
  applyDefaults?: boolean;
  /** Mask Secret values in every output. @defaultValue true */
  maskSecrets?: boolean;
}

export type ResolvedCompareOptions = Required<CompareOptions>;

export function resolveCompareOptions(options: CompareOptions = {}): ResolvedCompareOptions {
  return {
    ignoreDifferences: options.ignoreDifferences ?? [],
    controllerManagers: options.controllerManagers ?? DEFAULT_CONTROLLER_MANAGERS,
    ownManagers: options.ownManagers ?? DEFAULT_OWN_MANAGERS,
    applyDefaults: options.applyDefaults ?? true,
    maskSecrets: options.maskSecrets ?? true,
  };
}
