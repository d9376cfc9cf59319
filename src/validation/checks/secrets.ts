import { Check, Issue } from '../_check';
import { childField } from '../_fields';
import { listOf, objectOf, stringOf } from '../_json';
import { ContainerEntry, ManifestSet, Workload, containersOf } from '../_manifest-set';

const SECRET_WORDS = ['SECRET', 'PASSWORD', 'TOKEN', 'KEY'];

// Words that, last in a name, say the variable is about a secret rather than
// one: MIN_PASSWORD_LENGTH and TLS_KEY_FILE hold no secret.
const DESCRIPTOR_WORDS = ['FILE', 'PATH', 'DIR', 'LENGTH', 'NAME', 'ID', 'TTL', 'TIME',
  'TIMEOUT', 'EXPIRATION', 'EXPIRY', 'AGE', 'SIZE', 'COUNT', 'ENABLED', 'REQUIRED'];

/** `secret-data`: no Secret carries data in staging or production output. */
export const checkSecretData: Check = ({ set, protectsSecrets }) => !protectsSecrets ? []
  : set.ofKind('Secret').flatMap((secret) => ['data', 'stringData']
    .filter((field) => Object.keys(objectOf(secret.object[field])).length > 0)
    .map((field) => ({
      manifest: secret,
      field,
      problem: `the Secret carries ${Object.keys(objectOf(secret.object[field])).length}`
        + ' value(s) in the manifests',
      fix: 'remove it from the manifests, create it in the cluster (kubectl create'
        + ' secret) and declare it external',
    })));

/**
 * `secret-literal`: no variable named like a secret gets a literal value, from
 * `value`, a ConfigMap key, or a ConfigMap loaded whole with envFrom.
 */
export const checkSecretLiteral: Check = ({ set, protectsSecrets }) => !protectsSecrets
  ? []
  : set.workloads.flatMap((workload) => containersOf(workload).flatMap((entry) => [
    ...literalVariables(workload, entry),
    ...literalConfigMapKeys(set, workload, entry),
  ]));

/** Whether a variable's name says it holds a secret. */
export function namesSecret(name: string): boolean {
  const words = name.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
  return words.some((word) => SECRET_WORDS.includes(word))
    && !DESCRIPTOR_WORDS.includes(words[words.length - 1]);
}

function literalVariables(workload: Workload, entry: ContainerEntry): Issue[] {
  const { container, path } = entry;
  return listOf(container.env).flatMap((variable, i): Issue[] => {
    const name = stringOf(variable.name) ?? '';
    if (!namesSecret(name)) return [];

    const fromConfigMap = objectOf(variable.valueFrom).configMapKeyRef !== undefined;
    if (!fromConfigMap && !stringOf(variable.value)) return [];
    return [{
      manifest: workload.manifest,
      field: `${path}.env[${i}].${fromConfigMap ? 'valueFrom.configMapKeyRef' : 'value'}`,
      problem: `${name} is set ${fromConfigMap ? 'from a ConfigMap' : 'to a literal'},`
        + ' in plain text',
      fix: 'read it from a Secret: valueFrom.secretKeyRef with the Secret\'s name and'
        + ' key',
    }];
  });
}

function literalConfigMapKeys(
  set: ManifestSet,
  workload: Workload,
  entry: ContainerEntry,
): Issue[] {
  const { namespace } = workload.manifest.ref;
  return listOf(entry.container.envFrom).flatMap((source) => {
    const ref = objectOf(source.configMapRef);
    const configMap = set.find('ConfigMap', namespace, stringOf(ref.name) ?? '');
    if (configMap === undefined) return [];

    const prefix = stringOf(source.prefix) ?? '';
    return Object.keys(objectOf(configMap.object.data))
      .filter((key) => namesSecret(prefix + key))
      .map((key) => ({
        manifest: configMap,
        field: childField('data', key),
        problem: `${prefix + key} is a literal, and ${workload.manifest.ref.kind}`
          + ` "${workload.manifest.ref.name}" loads it as a variable with envFrom`,
        fix: 'move the value to a Secret and read it with valueFrom.secretKeyRef',
      }));
  });
}

