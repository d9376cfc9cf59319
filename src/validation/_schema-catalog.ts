import * as fs from 'fs';
import * as path from 'path';
import Ajv, { _, Options } from 'ajv';
import { FORMATS, re2Subset } from './_kube-formats';
import { findPackageFile } from './_package-files';

/** A JSON schema, or any node inside one. */
export type SchemaNode = Record<string, unknown>;

/** Kubernetes 1.28 and vendored CRD schemas, keyed by `apiVersion|kind`, in one ajv. */
export interface SchemaCatalog {
  readonly ajv: Ajv;
  readonly schemas: ReadonlyMap<string, SchemaNode>;
}

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

interface CrdVersion extends GroupVersionKind {
  readonly schema: SchemaNode;
}

/** File name of the Kubernetes definitions in `schemas/`, and their ajv id. */
export const K8S_ID = 'kubernetes-1.28.json';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'];

// What the generated validators call the formats and the RE2 engine: the
// arguments of the module's factory (see _precompiled.ts). When compiling at
// run time, ajv calls the functions themselves.
const RE2_SUBSET = Object.assign(re2Subset, { code: 're2' });
const FORMATS_CODE = _`formats`;

/** The ajv options of every compile, at run time and for the generated validators. */
export function ajvOptions(extra: Options = {}): Options {
  return {
    allErrors: true,
    // parentSchema in errors lets an unknown field be matched to the known ones
    verbose: true,
    strict: false,
    formats: FORMATS,
    ...extra,
    code: { regExp: RE2_SUBSET, formats: FORMATS_CODE, ...extra.code },
  };
}

/** Reads the vendored schemas and makes them strict about unknown fields. */
export function loadSchemaCatalog(extra: Options = {}): SchemaCatalog {
  const dir = schemaDir();
  const ajv = new Ajv(ajvOptions(extra));
  const schemas = new Map<string, SchemaNode>();
  loadKubernetes(ajv, schemas, dir);
  loadCrds(schemas, path.join(dir, 'crds'));
  return { ajv, schemas };
}

/** `apps/v1|Deployment`, or `v1|Service` for the core group. */
export function gvkKey({ group, version, kind }: GroupVersionKind): string {
  return `${group ? `${group}/${version}` : version}|${kind}`;
}

function schemaDir(): string {
  const file = findPackageFile(path.join('schemas', K8S_ID));
  if (file === undefined) {
    throw new Error(`schemas/${K8S_ID} not found above ${__dirname}; `
      + 'reinstall the package, whose files include schemas/');
  }
  return path.dirname(file);
}

function loadKubernetes(ajv: Ajv, schemas: Map<string, SchemaNode>, dir: string): void {
  const document = readJson(path.join(dir, K8S_ID)) as SchemaNode;
  forEachSchema(document, tighten);
  ajv.addSchema(document, K8S_ID);

  const definitions = document.definitions as Record<string, SchemaNode>;
  for (const [name, definition] of Object.entries(definitions)) {
    const gvk = definition['x-kubernetes-group-version-kind'];
    const kinds = (gvk ?? []) as GroupVersionKind[];
    for (const gvk of kinds) schemas.set(gvkKey(gvk), withIdentity(definitionRef(name)));
  }
}

function loadCrds(schemas: Map<string, SchemaNode>, crdDir: string): void {
  const files = fs.readdirSync(crdDir).filter((name) => name.endsWith('.json'));
  for (const file of files.sort()) {
    for (const crd of readJson(path.join(crdDir, file)) as CrdVersion[]) {
      forEachSchema(crd.schema, tighten);
      schemas.set(gvkKey(crd), withIdentity(withObjectMeta(crd.schema)));
    }
  }
}

// The definitions leave these optional, but the API server needs all of them.
function withIdentity(schema: SchemaNode): SchemaNode {
  return {
    allOf: [schema],
    required: ['apiVersion', 'kind', 'metadata'],
    properties: { metadata: { required: ['name'] } },
  };
}

// CRDs declare metadata as a bare object; the API server checks it as ObjectMeta.
function withObjectMeta(schema: SchemaNode): SchemaNode {
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  return {
    ...schema,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      ...properties,
      metadata: definitionRef(OBJECT_META),
    },
  };
}

// Edits the copy read from disk, never the vendored file.
function tighten(node: SchemaNode): void {
  if (node['x-kubernetes-int-or-string'] === true) {
    node.type = ['integer', 'string'];
  }

  // one "must be integer or string" reads better than the three errors of a union
  for (const union of ['oneOf', 'anyOf']) {
    const types = plainTypes(node[union]);
    if (types) {
      node.type = types;
      delete node[union];
    }
  }

  // Kubernetes' definitions never say additionalProperties: false, so without
  // this a misspelt field would pass.
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (node.properties && node.additionalProperties === undefined && !preserve) {
    node.additionalProperties = false;
  }
}

/** The types of a union whose branches are each just `{ type }`, else undefined. */
function plainTypes(union: unknown): string[] | undefined {
  if (!Array.isArray(union)) return undefined;
  const types = union.map((branch) => {
    const onlyType = isNode(branch) && Object.keys(branch).join() === 'type';
    return onlyType ? branch.type : undefined;
  });
  const named = types.every((type) => typeof type === 'string');
  return named ? (types as string[]) : undefined;
}

function forEachSchema(node: unknown, visit: (node: SchemaNode) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item) => forEachSchema(item, visit));
    return;
  }
  if (!isNode(node)) return;

  visit(node);
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (isNode(map)) Object.values(map).forEach((item) => forEachSchema(item, visit));
  }
  for (const key of SUBSCHEMAS) forEachSchema(node[key], visit);
}

function definitionRef(name: string): SchemaNode {
  return { $ref: `${K8S_ID}#/definitions/${name}` };
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
