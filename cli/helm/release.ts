import { readManifests } from '../../validation/manifest-files';
import { CliError } from '../errors';
import { KubeObject } from '../manifests';

/** A Helm release of the old chart, as `helm get manifest` printed it. */
export interface HelmRelease {
  /** The release's name, e.g. `go-chat-ai`. */
  readonly name: string;

  /** The namespace the release was installed in. */
  readonly namespace: string;

  /** Its objects, each with its namespace filled in (none for cluster-wide kinds). */
  readonly objects: readonly KubeObject[];
}

/** Kinds without a namespace that a chart may hold. */
const CLUSTER_KINDS = ['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass',
  'PersistentVolume', 'CustomResourceDefinition', 'IngressClass', 'PriorityClass'];

/** The annotations and label by which Helm marks what a release owns. */
export const HELM_ANNOTATIONS = ['meta.helm.sh/release-name', 'meta.helm.sh/release-namespace'];
export const HELM_LABEL = 'app.kubernetes.io/managed-by';

/**
 * Reads a release's manifest from a file, so that the migration is planned
 * offline and from exactly what Helm recorded. Objects without a namespace
 * were installed into the release's.
 */
export function readHelmRelease(file: string, name: string, namespace: string): HelmRelease {
  let objects: KubeObject[];
  try {
    objects = readManifests([file]) as unknown as KubeObject[];
  } catch (error) {
    throw new CliError(`${error instanceof Error ? error.message : String(error)}; save it `
      + `first with: helm get manifest ${name} -n ${namespace} > ${file}`, 2);
  }

  if (objects.length === 0) {
    throw new CliError(`${file} holds no objects; save the release's manifest with: `
      + `helm get manifest ${name} -n ${namespace} > ${file}`, 2);
  }

  return {
    name,
    namespace,
    objects: objects.map((o) => CLUSTER_KINDS.includes(o.kind) ? o : {
      ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace ?? namespace },
    }),
  };
}
