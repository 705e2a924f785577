import { parseManifests, type ParsedManifests } from '../manifest-parser.js';

/** Parsed manifest files kept across renders, keyed by path and content; oldest dropped first. */
const MAX_ENTRIES = 512;
const cache = new Map<string, ParsedManifests>();

/**
 * `parseManifests` with a bounded cache keyed by the file's path and full text, so warm
 * re-renders of an unchanged tree skip YAML parsing. Callers get their own copies.
 */
export function parseManifestsCached(file: string, text: string): ParsedManifests {
  const key = `${file}\0${text}`;
  let parsed = cache.get(key);
  if (parsed === undefined) {
    parsed = parseManifests(file, text);
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, parsed);
  }
  return structuredClone(parsed);
}
