import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, FormatDefinition, ValidateFunction } from 'ajv';

/**
 * A field of a manifest that the Kubernetes 1.28 or vendored CRD schema rejects.
 */
export interface SchemaFinding {
  /** The object as `Kind/namespace/name`, or `Kind/name` when it has no namespace. */
  readonly object: string;
  /** JSON pointer of the bad field; for a missing or unknown field, that field. */
  readonly path: string;
  /** The object, the path and what is wrong, in one line. */
  readonly message: string;
}

type SchemaNode = Record<string, unknown>;
type Format = FormatDefinition<string> | FormatDefinition<number> | true;

interface Catalog {
  readonly ajv: Ajv;
  /** Keyed by `apiVersion|kind`. */
  readonly schemas: Map<string, SchemaNode>;
  readonly validators: Map<string, ValidateFunction>;
}

interface GroupVersionKind {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

interface CrdVersion extends GroupVersionKind {
  readonly schema: SchemaNode;
}

const SCHEMA_DIR = path.join(__dirname, '..', 'schemas');
const K8S_ID = 'kubernetes-1.28.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions'];
const SUBSCHEMAS = ['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'];

// Secret data must be padded base64, or the API server refuses the Secret.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// Naming every format the schemas use keeps ajv from warning on each compile;
// int64, double and date-time are accepted as they come.
const FORMATS: Record<string, Format> = {
  'int32': { type: 'number', validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31 },
  'int64': true,
  'double': true,
  'date-time': true,
  'byte': { type: 'string', validate: BASE64 },
};

const FORMAT_TEXT: Record<string, string> = {
  int32: 'must fit in a 32-bit integer',
  byte: 'must be base64 encoded',
};

// CRD patterns are RE2, as the API server runs them. The one construct they use
// that JavaScript lacks is a leading (?i), as in PrometheusRule's
// partial_response_strategy; `code` only matters for ajv's standalone output.
const CASELESS = /^(\^?)\(\?i\)/;
const RE2_SUBSET = Object.assign(
  (pattern: string, flags: string): RegExp => CASELESS.test(pattern)
    ? new RegExp(pattern.replace(CASELESS, '$1'), `${flags}i`)
    : new RegExp(pattern, flags),
  { code: 're2Subset' },
);

let catalog: Catalog | undefined;

/**
 * Checks each object against the Kubernetes 1.28 OpenAPI definitions or, for
 * custom resources, the CRD schemas vendored in `schemas/crds`. Unknown fields
 * are errors, as with `kubectl apply --validate=strict`.
 */
export function validateManifests(objects: readonly unknown[]): SchemaFinding[] {
  const loaded = (catalog ??= loadCatalog());
  return objects.flatMap((object, index) => validateObject(loaded, object, index));
}

function validateObject(loaded: Catalog, object: unknown, index: number): SchemaFinding[] {
  if (!isNode(object)) {
    return [finding(`(item ${index})`, '', 'must be an object')];
  }
  const id = describeObject(object);
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [finding(id, '', 'must have a string apiVersion and kind')];
  }

  const validate = validatorFor(loaded, `${apiVersion}|${kind}`);
  if (!validate) {
    const message = `${id}: ${kind} (${apiVersion}) is not in the Kubernetes 1.28 schema`
      + ' nor in the vendored CRDs';
    return [{ object: id, path: '/kind', message }];
  }

  validate(object);
  return (validate.errors ?? []).map((error) => describeError(id, error));
}

// Compiling pulls in every definition a kind reaches, so do it only for kinds in use.
function validatorFor(loaded: Catalog, key: string): ValidateFunction | undefined {
  const cached = loaded.validators.get(key);
  const schema = loaded.schemas.get(key);
  if (cached || !schema) return cached;

  const validate = loaded.ajv.compile(schema);
  loaded.validators.set(key, validate);
  return validate;
}

function loadCatalog(): Catalog {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    formats: FORMATS,
    code: { regExp: RE2_SUBSET },
  });
  const schemas = new Map<string, SchemaNode>();
  loadKubernetes(ajv, schemas);
  loadCrds(schemas);
  return { ajv, schemas, validators: new Map() };
}

function loadKubernetes(ajv: Ajv, schemas: Map<string, SchemaNode>): void {
  const document = readJson(path.join(SCHEMA_DIR, K8S_ID)) as SchemaNode;
  forEachSchema(document, tighten);
  ajv.addSchema(document, K8S_ID);

  const definitions = document.definitions as Record<string, SchemaNode>;
  for (const [name, definition] of Object.entries(definitions)) {
    const kinds = (definition['x-kubernetes-group-version-kind'] ?? []) as GroupVersionKind[];
    for (const gvk of kinds) schemas.set(gvkKey(gvk), withIdentity(definitionRef(name)));
  }
}

function loadCrds(schemas: Map<string, SchemaNode>): void {
  const crdDir = path.join(SCHEMA_DIR, 'crds');
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
  return types.every((type) => typeof type === 'string') ? (types as string[]) : undefined;
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

function describeError(id: string, error: ErrorObject): SchemaFinding {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties':
      return finding(id, child(at, params.additionalProperty), 'is not a known field');
    case 'required':
      return finding(id, child(at, params.missingProperty), 'is required');
    case 'type':
      return finding(id, at, `must be ${String(params.type).replace(/,/g, ' or ')}`);
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      return finding(id, at, `must be one of ${allowed.join(', ')}`);
    }
    case 'format':
      return finding(id, at, FORMAT_TEXT[String(params.format)] ?? String(error.message));
    default:
      return finding(id, at, error.message ?? `fails ${error.keyword}`);
  }
}

function finding(object: string, pointer: string, text: string): SchemaFinding {
  return { object, path: pointer, message: `${object}: ${pointer || '/'} ${text}` };
}

function child(pointer: string, name: unknown): string {
  return `${pointer}/${String(name).replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function describeObject(object: SchemaNode): string {
  const metadata = isNode(object.metadata) ? object.metadata : {};
  const kind = typeof object.kind === 'string' ? object.kind : '(no kind)';
  const name = typeof metadata.name === 'string' ? metadata.name : '(no name)';
  const namespace = typeof metadata.namespace === 'string' ? [metadata.namespace] : [];
  return [kind, ...namespace, name].join('/');
}

function definitionRef(name: string): SchemaNode {
  return { $ref: `${K8S_ID}#/definitions/${name}` };
}

function gvkKey({ group, version, kind }: GroupVersionKind): string {
  return `${group ? `${group}/${version}` : version}|${kind}`;
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
