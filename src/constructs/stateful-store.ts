import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentIdentity, componentLabels, selectorLabels } from '../labels';
import {
  restrictedContainerSecurityContext, restrictedPodSecurityContext, tmpVolume,
  tmpVolumeMount,
} from '../pod-security';
import { checkDnsSubdomain, quantityValue } from '../kubernetes-values';
import { ComputeResources, renderResources } from '../resources';

/** A persistent volume for a data store. */
export interface StorageOptions {
  /** Requested size, a Kubernetes quantity such as `5Gi`. */
  readonly size: string;

  /** StorageClass of the volume. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
}

/** What differs between the single-pod data stores of the platform. */
export interface StatefulStoreOptions {
  readonly identity: ComponentIdentity;
  readonly namespace: string;
  readonly image: string;
  readonly port: { readonly name: string; readonly number: number };
  readonly uid: number;
  readonly dataPath: string;
  readonly storage: StorageOptions;
  readonly resources: ComputeResources;
  readonly container: Pick<k8s.Container,
    'command' | 'args' | 'env' | 'lifecycle' | 'readinessProbe' | 'livenessProbe'
    | 'startupProbe'>;
  readonly extraMounts?: readonly k8s.VolumeMount[];
  readonly extraVolumes?: readonly k8s.Volume[];
}

/**
 * A ServiceAccount, a Service and a one-replica StatefulSet whose data lives
 * on a PersistentVolumeClaim that outlives the StatefulSet.
 */
export function createStatefulStore(scope: Construct, options: StatefulStoreOptions): void {
  const { identity, namespace } = options;
  const labels = componentLabels(identity);
  const metadata = { name: identity.name, namespace, labels };
  const selector = selectorLabels(identity);
  const where = scope.node.path;
  checkStorage(options.storage, where);

  // data stores never call the Kubernetes API either
  new k8s.KubeServiceAccount(scope, 'ServiceAccount', {
    metadata,
    automountServiceAccountToken: false,
  });

  new k8s.KubeService(scope, 'Service', {
    metadata,
    spec: {
      clusterIp: 'None',
      selector,
      ports: [{
        name: options.port.name,
        port: options.port.number,
        targetPort: k8s.IntOrString.fromString(options.port.name),
        protocol: 'TCP',
      }],
    },
  });

  new k8s.KubeStatefulSet(scope, 'StatefulSet', {
    metadata,
    spec: {
      serviceName: identity.name,
      replicas: 1,
      selector: { matchLabels: selector },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: identity.name,
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurityContext(options.uid),
          containers: [{
            name: identity.name,
            image: options.image,
            imagePullPolicy: 'IfNotPresent',
            ...options.container,
            ports: [{ name: options.port.name, containerPort: options.port.number,
              protocol: 'TCP' }],
            resources: renderResources(options.resources, where),
            securityContext: restrictedContainerSecurityContext(),
            volumeMounts: [
              { name: 'data', mountPath: options.dataPath },
              tmpVolumeMount(),
              ...(options.extraMounts ?? []),
            ],
          }],
          volumes: [tmpVolume(), ...(options.extraVolumes ?? [])],
        },
      },
      volumeClaimTemplates: [{
        metadata: { name: 'data', labels },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: options.storage.storageClassName,
          resources: { requests: { storage: k8s.Quantity.fromString(options.storage.size) } },
        },
      }],
    },
  });
}

/** Checks a volume's size and StorageClass before they reach a claim. */
export function checkStorage(storage: StorageOptions, where: string): void {
  quantityValue(storage.size, 'storage.size', where);
  if (storage.storageClassName !== undefined) {
    checkDnsSubdomain(storage.storageClassName, 'storage.storageClassName', where);
  }
}
