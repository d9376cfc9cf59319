import { ErrorObject, ValidateFunction } from 'ajv';
import { FORMAT_TEXT } from './_kube-formats';
import { loadPrecompiled } from './_precompiled';
import { SchemaCatalog, SchemaNode, loadSchemaCatalog } from './_schema-catalog';

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
  /** What is wrong, without the object and path. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix: string;
}

interface Compiler {
  readonly catalog: SchemaCatalog;
  readonly compiled: Map<string, ValidateFunction>;
}

let precompiled: Readonly<Record<string, ValidateFunction>> | undefined;
let compiler: Compiler | undefined;

/**
 * Checks each object against the Kubernetes 1.28 OpenAPI definitions or, for
 * custom resources, the CRD schemas vendored in `schemas/crds`. Unknown fields
 * are errors, as with `kubectl apply --validate=strict`.
 */
export function validateManifests(objects: readonly unknown[]): SchemaFinding[] {
  return objects.flatMap((object, index) => validateObject(object, index));
}

function validateObject(object: unknown, index: number): SchemaFinding[] {
  if (!isNode(object)) {
    const fix = 'write each document as a map';
    return [finding(`(item ${index})`, '', 'must be an object', fix)];
  }
  const id = describeObject(object);
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    return [finding(id, '', 'must have a string apiVersion and kind', 'set both')];
  }

  const validate = validatorFor(`${apiVersion}|${kind}`);
  if (!validate) {
    const problem = `${kind} (${apiVersion}) is not in the Kubernetes 1.28 schema`
      + ' nor in the vendored CRDs';
    const fix = 'use a kind and apiVersion Kubernetes 1.28 serves, or vendor the CRD'
      + ' schema into schemas/crds, or suppress "schema" on the object with a reason';
    const message = `${id}: ${problem}`;
    return [{ ...finding(id, '', problem, fix), path: '/kind', message }];
  }

  validate(object);
  return (validate.errors ?? []).map((error) => describeError(id, error));
}

// The common kinds come compiled ahead of time (npm run validate:compile);
// compiling pulls in every definition a kind reaches, so any other kind is
// compiled only when first met.
function validatorFor(key: string): ValidateFunction | undefined {
  const ready = (precompiled ??= loadPrecompiled());
  if (Object.hasOwn(ready, key)) return ready[key];

  const loaded = (compiler ??= { catalog: loadSchemaCatalog(), compiled: new Map() });
  const cached = loaded.compiled.get(key);
  const schema = loaded.catalog.schemas.get(key);
  if (cached || !schema) return cached;

  const validate = loaded.catalog.ajv.compile(schema);
  loaded.compiled.set(key, validate);
  return validate;
}

function describeError(id: string, error: ErrorObject): SchemaFinding {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const fix = unknownFieldFix(name, error);
      return finding(id, child(at, name), 'is not a known field', fix);
    }
    case 'required': {
      const name = String(params.missingProperty);
      return finding(id, child(at, name), 'is required', `set ${name}`);
    }
    case 'type': {
      const types = String(params.type).split(',');
      return finding(id, at, `must be ${types.join(' or ')}`, typeFix(types));
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
      const problem = `must be one of ${allowed.join(', ')}`;
      return finding(id, at, problem, 'use one of those values');
    }
    case 'format': {
      const format = String(params.format);
      const fix = format === 'byte' ? 'base64-encode the value, or move it to stringData'
        : 'use a value in range';
      return finding(id, at, FORMAT_TEXT[format] ?? String(error.message), fix);
    }
    default:
      return finding(id, at, error.message ?? `fails ${error.keyword}`,
        'change the value to what the Kubernetes 1.28 API reference allows here');
  }
}

function unknownFieldFix(name: string, error: ErrorObject): string {
  const known = Object.keys(objectOf(objectOf(error.parentSchema).properties));
  const closest = known
    .map((candidate) => ({ candidate, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance)[0];
  if (closest && closest.distance <= Math.max(2, name.length / 4)) {
    return `did you mean "${closest.candidate}"? Otherwise remove it`;
  }
  return known.length > 0 && known.length <= 12
    ? `remove it; the fields allowed here are ${known.join(', ')}`
    : 'remove it or correct its name from the Kubernetes 1.28 API reference';
}

function typeFix(types: string[]): string {
  const words: Record<string, string> = {
    integer: 'a whole number without quotes', number: 'a number without quotes',
    string: 'a quoted string', boolean: 'true or false without quotes',
    object: 'a map of fields', array: 'a list',
  };
  return `write ${types.map((type) => words[type] ?? type).join(' or ')}`;
}

/** Levenshtein distance, small strings only. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

function finding(object: string, pointer: string, problem: string, fix: string) {
  const message = `${object}: ${pointer || '/'} ${problem}`;
  return { object, path: pointer, message, problem, fix };
}

function child(pointer: string, name: string): string {
  return `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function describeObject(object: SchemaNode): string {
  const metadata = objectOf(object.metadata);
  const kind = typeof object.kind === 'string' ? object.kind : '(no kind)';
  const name = typeof metadata.name === 'string' ? metadata.name : '(no name)';
  const namespace = typeof metadata.namespace === 'string' ? [metadata.namespace] : [];
  return [kind, ...namespace, name].join('/');
}

function objectOf(value: unknown): SchemaNode {
  return isNode(value) ? value : {};
}

function isNode(value: unknown): value is SchemaNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
