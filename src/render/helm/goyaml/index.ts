import { emitYaml } from './emitter.js';
import { toYamlNode } from './json-values.js';

export { UnsupportedValueError } from './json-values.js';

/**
 * `sigs.k8s.io/yaml.Marshal` — Helm's `toYaml` — byte for byte: the value goes through
 * JSON, then go-yaml v2 writes it. Throws UnsupportedValueError for NaN and ±Inf, which JSON
 * cannot hold.
 */
export function marshalGoYaml(value: unknown): string {
  return emitYaml(toYamlNode(value));
}
