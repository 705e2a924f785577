/**
 * Strategic-merge metadata of the built-in kinds, by field name (from the Go struct tags):
 * lists that merge item by item on a key, and lists of scalars that merge as sets. Lists not
 * named here are replaced, as with a JSON merge patch.
 */
export const PATCH_MERGE_KEYS: Readonly<Record<string, string>> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  hostAliases: 'ip',
  ownerReferences: 'uid',
  conditions: 'type',
  topologySpreadConstraints: 'topologyKey',
  resourceClaims: 'name',
  readinessGates: 'conditionType',
};

/** Lists of scalars whose patch strategy is merge (set union). */
export const MERGED_SCALAR_LISTS: ReadonlySet<string> = new Set(['finalizers']);
