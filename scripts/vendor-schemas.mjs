// Copies the Kubernetes 1.28 definitions and the given CRD schemas into schemas/,
// without descriptions, so that validation works on a clone with nothing beside it.
//
// usage: node scripts/vendor-schemas.mjs <_definitions.json> <crd.yaml | crd-folder>...

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const OUT_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas');

// keywords whose value is a map of names to schemas, and those holding schemas directly
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SUBSCHEMAS = new Set(['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf']);

function main(args) {
  const [definitionsFile, ...crdArgs] = args;
  if (!definitionsFile || crdArgs.length === 0) {
    throw new Error('usage: vendor-schemas.mjs <_definitions.json> <crd.yaml | crd-folder>...');
  }

  const definitions = JSON.parse(fs.readFileSync(definitionsFile, 'utf8'));
  writeJson(path.join(OUT_DIR, 'kubernetes-1.28.json'), stripDescriptions(definitions));

  for (const crdFile of crdArgs.flatMap(listYamlFiles)) {
    for (const crd of readCrds(crdFile)) {
      const { group, names } = crd.spec;
      writeJson(path.join(OUT_DIR, 'crds', `${group}_${names.plural}.json`), servedVersions(crd));
    }
  }
}

function listYamlFiles(arg) {
  if (!fs.statSync(arg).isDirectory()) return [arg];
  return fs.readdirSync(arg)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(arg, name));
}

function readCrds(file) {
  return YAML.parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS())
    .filter((doc) => doc?.kind === 'CustomResourceDefinition');
}

function servedVersions(crd) {
  return crd.spec.versions
    .filter((version) => version.served && version.schema?.openAPIV3Schema)
    .map((version) => ({
      group: crd.spec.group,
      version: version.name,
      kind: crd.spec.names.kind,
      schema: stripDescriptions(version.schema.openAPIV3Schema),
    }));
}

// Walks schema keywords only: a property that happens to be called "description"
// (JSONSchemaProps has one) is a field, not documentation, and must stay.
function stripDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  if (schema === null || typeof schema !== 'object') return schema;

  const result = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') continue;
    if (SCHEMA_MAPS.has(key)) result[key] = mapValues(value, stripDescriptions);
    else if (SUBSCHEMAS.has(key)) result[key] = stripDescriptions(value);
    else result[key] = value;
  }
  return result;
}

function mapValues(object, fn) {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]));
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main(process.argv.slice(2));
