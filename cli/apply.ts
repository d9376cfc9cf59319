import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { CliError } from './errors';
import { Kubectl, KubectlCommand } from './kubectl';
import { EnvironmentManifests, KubeObject, objectName } from './manifests';
import { shownPath } from './shell';
import { Target } from './target';

/** The field manager of every apply, so ownership of each field is the platform's. */
export const FIELD_MANAGER = 'go-chat-ai';

/**
 * The ApplySet parent: a ConfigMap in the environment's namespace that lists
 * the kinds and namespaces of `1-platform.yaml`'s objects, which carry its id
 * as a label. Pruning deletes only objects with that label.
 */
export const APPLYSET_PARENT = { resource: 'configmaps', name: 'go-chat-ai-applyset' };

/** The label by which kubectl marks each object of an ApplySet. */
export const APPLYSET_LABEL = 'applyset.kubernetes.io/part-of';

/**
 * The id kubectl gives the environment's ApplySet, and so the value of each
 * member's label: `applyset-<base64url(sha256(<name>.<namespace>.<Kind>.<group>))>-v1`
 * of the parent, as the ApplySet specification (KEP-3659) defines it.
 */
export function applySetId(namespace: string): string {
  const digest = createHash('sha256')
    .update(`${APPLYSET_PARENT.name}.${namespace}.ConfigMap.`).digest('base64url');
  return `applyset-${digest}-v1`;
}

/**
 * Kinds that hold data or everything else: never in the pruned set. They live
 * in `0-namespace.yaml`, applied without pruning; the claims a StatefulSet
 * creates carry no ApplySet label, so no prune can reach them either.
 */
export const PROTECTED_KINDS: readonly string[] = ['Namespace', 'PersistentVolumeClaim'];

/** How to apply. */
export interface ApplyOptions {
  /** Take over fields another field manager owns, e.g. Helm's after adoption. */
  readonly forceConflicts: boolean;

  /** Ask the API server to check everything and persist nothing. */
  readonly serverDryRun: boolean;
}

/**
 * The kubectl commands that apply an environment, server-side: the namespace
 * file without pruning, then the platform file as one ApplySet, pruned of
 * whatever earlier deploys applied and the code no longer has.
 */
export function namespaceApply(kubectl: Kubectl, manifests: EnvironmentManifests,
  cwd: string, options: ApplyOptions): KubectlCommand {
  return kubectl.command(['apply', ...applyFlags(options), '-f',
    shownPath(manifests.namespaceFile, cwd)],
  { mutates: !options.serverDryRun, stream: !options.serverDryRun });
}

/** The platform file's applies: the ApplySet, then any objects of other namespaces. */
export function platformApplies(kubectl: Kubectl, target: Target, manifests:
  EnvironmentManifests, cwd: string, options: ApplyOptions): KubectlCommand[] {
  refuseProtectedKinds(manifests.platformObjects);
  const namespace = target.config.namespace;
  const own = manifests.platformObjects.filter((o) => (o.metadata.namespace ?? namespace)
    === namespace);
  const elsewhere = manifests.platformObjects.filter((o) => !own.includes(o));
  const extra = { mutates: !options.serverDryRun, stream: !options.serverDryRun };
  const file = shownPath(manifests.platformFile, cwd);

  // the ApplySet's parent lives in the namespace given with -n, and kubectl
  // then refuses objects of any other namespace: those go in their own apply
  const applySet = kubectl.command(['-n', namespace, 'apply', ...applyFlags(options),
    `--applyset=${APPLYSET_PARENT.resource}/${APPLYSET_PARENT.name}`, '--prune',
    ...(elsewhere.length === 0 ? ['-f', file] : ['-f', '-'])], {
    ...extra,
    env: { KUBECTL_APPLYSET: 'true' },
    stdin: elsewhere.length === 0 ? undefined : documents(own,
      `the ${own.length} objects of ${file} in namespace ${namespace}`),
  });

  const others = [...new Set(elsewhere.map((o) => o.metadata.namespace as string))]
    .map((ns) => {
      const objects = elsewhere.filter((o) => o.metadata.namespace === ns);
      return kubectl.command(['-n', ns, 'apply', ...applyFlags(options), '-f', '-'], {
        ...extra,
        stdin: documents(objects, `${objects.map(objectName).join(', ')} of ${file}, `
          + `not pruned`),
      });
    });
  return [applySet, ...others];
}

/**
 * The platform file's objects as deploy applies them: those of the
 * environment's namespace with the ApplySet's label, which kubectl adds as it
 * applies them. A diff without it would show the label's removal everywhere.
 */
export function asApplied(objects: readonly KubeObject[], namespace: string): KubeObject[] {
  const id = applySetId(namespace);
  return objects.map((o) => (o.metadata.namespace ?? namespace) !== namespace ? o : {
    ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [APPLYSET_LABEL]: id } },
  });
}

/** Objects as a stream of YAML documents, for kubectl's standard input. */
export function documents(objects: readonly KubeObject[], describe: string) {
  return { text: objects.map((o) => stringify(o)).join('---\n'), describe };
}

function applyFlags(options: ApplyOptions): string[] {
  return ['--server-side', `--field-manager=${FIELD_MANAGER}`,
    ...(options.forceConflicts ? ['--force-conflicts'] : []),
    ...(options.serverDryRun ? ['--dry-run=server'] : [])];
}

// a protected kind in the pruned file would be deleted by the first deploy
// that no longer has it: refuse before anything is applied
function refuseProtectedKinds(objects: readonly KubeObject[]): void {
  const found = objects.filter((o) => PROTECTED_KINDS.includes(o.kind));
  if (found.length > 0) {
    throw new CliError(`${found.map(objectName).join(', ')} would be in the pruned ApplySet; `
      + 'namespaces and volumes belong in 0-namespace.yaml (KEPT_KINDS in src/synthesize.ts)');
  }
}
