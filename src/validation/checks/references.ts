import { Check, Issue } from '../_check';
import { JsonObject, listOf, objectOf, stringOf } from '../_json';
import { Manifest, ManifestSet, Workload, containersOf } from '../_manifest-set';
import { EXTERNAL_ANNOTATION } from '../external';

/** One object that another refers to by name. */
interface Reference {
  readonly kind: string;
  readonly name: string;
  readonly field: string;
  readonly namespace?: string;
  /** The key read from a Secret or ConfigMap, when one is. */
  readonly key?: string;
  /** `optional: true`: the pod starts without it. */
  readonly optional?: boolean;
}

const CERT_MANAGER = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'];
const KEY_REFS = [['secretKeyRef', 'Secret'], ['configMapKeyRef', 'ConfigMap']];
const SOURCE_REFS = [['secretRef', 'Secret'], ['configMapRef', 'ConfigMap']];

/**
 * `missing-reference`: every Secret, ConfigMap, ServiceAccount, Service and
 * Role referred to is in the manifests or declared external, with the keys read.
 */
export const checkMissingReference: Check = ({ set }) => set.manifests
  .flatMap((manifest) => {
    const refs = referencesOf(set, manifest).filter((ref) => !ref.optional);
    return [...missingObjects(set, manifest, refs), ...missingKeys(set, manifest, refs)];
  });

// one finding per missing object, at its first reference, however often it is read
function missingObjects(set: ManifestSet, manifest: Manifest, refs: Reference[]) {
  const missing = new Map<string, Reference[]>();
  for (const ref of refs) {
    const namespace = ref.namespace ?? manifest.ref.namespace;
    if (set.exists(ref.kind, namespace, ref.name)) continue;
    const key = `${ref.kind}/${namespace ?? ''}/${ref.name}`;
    missing.set(key, [...(missing.get(key) ?? []), ref]);
  }

  return [...missing.values()].map(([ref, ...more]): Issue => {
    const times = more.length > 0 ? `, read ${more.length + 1} times here,` : '';
    const namespace = ref.namespace ?? manifest.ref.namespace ?? '';
    return {
      manifest,
      field: ref.field,
      problem: `${ref.kind} "${ref.name}"${times} is neither in the manifests nor`
        + ' declared external',
      fix: `create it in namespace "${namespace}", or declare it made elsewhere:`
        + ` annotation ${EXTERNAL_ANNOTATION}: "${ref.kind}/${ref.name}"`,
    };
  });
}

function missingKeys(set: ManifestSet, manifest: Manifest, refs: Reference[]): Issue[] {
  return refs.flatMap((ref): Issue[] => {
    const target = set.find(ref.kind, ref.namespace ?? manifest.ref.namespace, ref.name);
    if (!target || ref.key === undefined || hasKey(target.object, ref.key)) return [];
    return [{
      manifest,
      field: ref.field.replace(/\.name$/, '.key'),
      problem: `${ref.kind} "${ref.name}" has no key "${ref.key}"`,
      fix: `add "${ref.key}" to it, or read one of its keys:`
        + ` ${keysOf(target.object).join(', ')}`,
    }];
  });
}

function referencesOf(set: ManifestSet, manifest: Manifest): Reference[] {
  const { object, ref } = manifest;
  const workload = set.workloadOf(manifest);
  const spec = objectOf(object.spec);
  switch (ref.kind) {
    case 'Ingress': return ingressReferences(object, spec);
    case 'RoleBinding': return bindingReferences(object);
    case 'StatefulSet': {
      // the headless Service that gives the pods their DNS names
      const service = named('Service', spec.serviceName, 'spec.serviceName');
      return [...podReferences(workload), ...(service.name ? [service] : [])];
    }
    default: return podReferences(workload);
  }
}

function podReferences(workload: Workload | undefined): Reference[] {
  if (workload === undefined) return [];
  const { podSpec: spec, specPath: at } = workload;
  const account = stringOf(spec.serviceAccountName) ?? stringOf(spec.serviceAccount);
  // every namespace has a "default" ServiceAccount
  const refs: Reference[] = account && account !== 'default'
    ? [{ kind: 'ServiceAccount', name: account, field: `${at}.serviceAccountName` }] : [];

  listOf(spec.imagePullSecrets).forEach((secret, i) =>
    refs.push(named('Secret', secret.name, `${at}.imagePullSecrets[${i}].name`)));
  listOf(spec.volumes).forEach((volume, i) =>
    refs.push(...volumeReferences(volume, `${at}.volumes[${i}]`)));
  for (const { container, path } of containersOf(workload)) {
    refs.push(...environmentReferences(container, path));
  }
  return refs.filter((r) => r.name !== '');
}

function volumeReferences(volume: JsonObject, at: string): Reference[] {
  const secret = objectOf(volume.secret);
  const configMap = objectOf(volume.configMap);
  const refs: Reference[] = [];
  if (volume.secret) {
    refs.push(named('Secret', secret.secretName, `${at}.secret.secretName`, secret));
  }
  if (volume.configMap) {
    refs.push(named('ConfigMap', configMap.name, `${at}.configMap.name`, configMap));
  }

  listOf(objectOf(volume.projected).sources).forEach((source, i) => {
    for (const [field, kind] of [['secret', 'Secret'], ['configMap', 'ConfigMap']]) {
      const projected = objectOf(source[field]);
      const path = `${at}.projected.sources[${i}].${field}.name`;
      if (source[field]) refs.push(named(kind, projected.name, path, projected));
    }
  });
  return refs;
}

function environmentReferences(container: JsonObject, at: string): Reference[] {
  const refs: Reference[] = [];
  listOf(container.env).forEach((variable, i) => {
    const from = objectOf(variable.valueFrom);
    for (const [field, kind] of KEY_REFS) {
      const source = objectOf(from[field]);
      const path = `${at}.env[${i}].valueFrom.${field}.name`;
      const key = stringOf(source.key);
      if (from[field]) refs.push({ ...named(kind, source.name, path, source), key });
    }
  });

  listOf(container.envFrom).forEach((source, i) => {
    for (const [field, kind] of SOURCE_REFS) {
      const from = objectOf(source[field]);
      const path = `${at}.envFrom[${i}].${field}.name`;
      if (source[field]) refs.push(named(kind, from.name, path, from));
    }
  });
  return refs;
}

// cert-manager writes the TLS Secret of an Ingress that names an issuer.
function ingressReferences(object: JsonObject, spec: JsonObject): Reference[] {
  const annotations = objectOf(objectOf(object.metadata).annotations);
  if (CERT_MANAGER.some((key) => annotations[key] !== undefined)) return [];
  return listOf(spec.tls)
    .map((tls, i) => named('Secret', tls.secretName, `spec.tls[${i}].secretName`))
    .filter((r) => r.name !== '');
}

function bindingReferences(object: JsonObject): Reference[] {
  const roleRef = objectOf(object.roleRef);
  const refs: Reference[] = roleRef.kind === 'Role'
    ? [named('Role', roleRef.name, 'roleRef.name')] : [];
  listOf(object.subjects).forEach((subject, i) => {
    if (subject.kind === 'ServiceAccount') {
      const namespace = stringOf(subject.namespace);
      refs.push({ ...named('ServiceAccount', subject.name, `subjects[${i}].name`),
        ...(namespace ? { namespace } : {}) });
    }
  });
  return refs;
}

function named(kind: string, name: unknown, field: string, source: JsonObject = {}) {
  return { kind, name: stringOf(name) ?? '', field, optional: source.optional === true };
}

// A Secret or ConfigMap without any data is filled some other way: trust it.
function hasKey(object: JsonObject, key: string): boolean {
  const keys = keysOf(object);
  return keys.length === 0 || keys.includes(key);
}

function keysOf(object: JsonObject): string[] {
  return ['data', 'stringData', 'binaryData']
    .flatMap((field) => Object.keys(objectOf(object[field])));
}
