import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestObject } from './flow-matrix';

/** Every object in the YAML files under the given files or folders, in path order. */
export function readManifests(paths: readonly string[]): ManifestObject[] {
  return paths.flatMap(yamlFiles).flatMap((file) => {
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    return documents.flatMap((doc, i) => {
      if (doc.errors.length > 0) {
        throw new Error(`${file}: document ${i + 1} is not valid YAML: ${doc.errors[0].message}`);
      }

      const object = doc.toJSON() as ManifestObject | null;
      return object === null ? [] : [object];
    });
  });
}

function yamlFiles(path: string): string[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new Error(`${path} does not exist; give a manifest file or a folder such as dist/`);
  }

  if (!stats.isDirectory()) {
    return [path];
  }

  return readdirSync(path).sort()
    .flatMap((entry) => {
      const full = join(path, entry);
      return statSync(full).isDirectory() || /\.ya?ml$/.test(entry) ? yamlFiles(full) : [];
    });
}
