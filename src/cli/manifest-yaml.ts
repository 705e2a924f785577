import { Document, visit, type ScalarTag } from 'yaml';

/**
 * Plain-scalar patterns that YAML 1.1 reads as something other than a string (`yes`, `on`,
 * `y`, `0777`, `1_000`, `12:30`, `2024-01-01`, `<<`, …). kubectl reads manifests with a YAML
 * 1.1 parser, so strings like these must be quoted for `ferry render | kubectl apply -f -`
 * to mean what Ferry rendered, as `kubectl kustomize` quotes them.
 */
const YAML_11_PLAIN = new Document(null, { version: '1.1' }).schema.tags
  .filter((tag): tag is ScalarTag => 'test' in tag && tag.test instanceof RegExp)
  .map((tag) => tag.test!);

/** Multi-document YAML of `objects`, readable the same way by YAML 1.2 and 1.1 parsers. */
export function manifestsToYaml(objects: readonly unknown[]): string {
  return objects
    .map((obj) => {
      const doc = new Document(obj);
      visit(doc, {
        Scalar(_key, node) {
          const value = node.value;
          if (typeof value === 'string' && YAML_11_PLAIN.some((test) => test.test(value))) {
            node.type = 'QUOTE_DOUBLE';
          }
        },
      });
      return doc.toString({ lineWidth: 0 });
    })
    .join('---\n');
}
