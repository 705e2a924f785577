/**
 * Regenerates charts/ferry/crds/ from applicationCrd(), so the chart installs exactly the CRD
 * Ferry would create itself. Run with `npx tsx test/charts/write-ferry-crd.ts`; the chart test
 * fails when the file is out of date.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { applicationCrd } from '../../src/model/application-crd.js';

export const FERRY_CRD_FILE = fileURLToPath(
  new URL('../../charts/ferry/crds/applications.ferry.dev.yaml', import.meta.url),
);

export function ferryCrdYaml(): string {
  return `# Generated from src/model/application-crd.ts by test/charts/write-ferry-crd.ts; do not edit.\n${stringify(applicationCrd())}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(FERRY_CRD_FILE, ferryCrdYaml());
}
