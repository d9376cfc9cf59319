import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  NONROOT_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext,
  tmpVolume, tmpVolumeMount,
} from '../pod-security';
import { ComputeResources, renderResources } from '../resources';
import { SecretKeyReference, secretEnvVar } from '../secret-reference';

/** Label that tells a service's stable pods from its canary's. */
export const TRACK_LABEL = 'go-chat-ai/track';

/** Annotation whose value changes whenever the ConfigMap does, rolling the pods. */
export const CONFIG_HASH_ANNOTATION = 'go-chat-ai/config-hash';

/** What one Deployment of a platform service is made of. */
export interface ServiceDeploymentOptions {
  readonly name: string;
  readonly namespace: string;
  readonly objectLabels: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly selector: Record<string, string>;
  readonly serviceAccountName: string;
  readonly image: string;
  readonly containerPorts: readonly k8s.ContainerPort[];
  readonly configMapName: string;
  readonly configHash: string;
  readonly secretEnv: Record<string, SecretKeyReference>;
  readonly secretMounts: readonly { readonly secretName: string; readonly mountPath: string }[];
  readonly resources: ComputeResources;
  readonly healthPath: string;
  readonly servesTls: boolean;
  /** Absent when an HPA owns the count. */
  readonly replicas?: number;
  /** Spread the pods over zones (best effort) and nodes (required). */
  readonly spread: boolean;
}

/** A Deployment of a platform service's pods, restricted and probed. */
export function createServiceDeployment(
  scope: Construct,
  id: string,
  options: ServiceDeploymentOptions,
): k8s.KubeDeployment {
  const health: k8s.HttpGetAction = {
    path: options.healthPath,
    port: k8s.IntOrString.fromString('http'),
    scheme: options.servesTls ? 'HTTPS' : 'HTTP',
  };
  const container: k8s.Container = {
    name: options.name,
    image: options.image,
    imagePullPolicy: 'IfNotPresent',
    ports: [...options.containerPorts],
    envFrom: [{ configMapRef: { name: options.configMapName } }],
    env: Object.entries(options.secretEnv).map(([name, ref]) => secretEnvVar(name, ref)),
    resources: renderResources(options.resources, scope.node.path),
    readinessProbe: { httpGet: health, periodSeconds: 10, timeoutSeconds: 3,
      failureThreshold: 3 },
    livenessProbe: { httpGet: health, initialDelaySeconds: 10, periodSeconds: 20,
      timeoutSeconds: 3, failureThreshold: 3 },
    securityContext: restrictedContainerSecurityContext(),
    volumeMounts: [
      tmpVolumeMount(),
      ...options.secretMounts.map((m, i) => ({ name: `secret-${i}`, mountPath: m.mountPath,
        readOnly: true })),
    ],
  };

  return new k8s.KubeDeployment(scope, id, {
    metadata: { name: options.name, namespace: options.namespace, labels: options.objectLabels },
    spec: {
      replicas: options.replicas,
      revisionHistoryLimit: 5,
      selector: { matchLabels: options.selector },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: {
          maxSurge: k8s.IntOrString.fromNumber(1),
          maxUnavailable: k8s.IntOrString.fromNumber(0),
        },
      },
      template: {
        metadata: {
          labels: options.podLabels,
          annotations: { [CONFIG_HASH_ANNOTATION]: options.configHash },
        },
        spec: {
          serviceAccountName: options.serviceAccountName,
          automountServiceAccountToken: false,
          securityContext: restrictedPodSecurityContext(NONROOT_UID),
          terminationGracePeriodSeconds: 30,
          topologySpreadConstraints: options.spread ? spreadConstraints(options.selector)
            : undefined,
          containers: [container],
          volumes: [
            tmpVolume(),
            ...options.secretMounts.map((m, i) => ({ name: `secret-${i}`,
              secret: { secretName: m.secretName } })),
          ],
        },
      },
    },
  });
}

// zones best effort, since a cluster may have fewer zones than pods; nodes
// strictly, so that one node going down never takes more than its share.
// pod-template-hash keeps a rollout's new pods from counting the old ones.
function spreadConstraints(selector: Record<string, string>): k8s.TopologySpreadConstraint[] {
  return [
    ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
    ['kubernetes.io/hostname', 'DoNotSchedule'],
  ].map(([topologyKey, whenUnsatisfiable]) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable,
    labelSelector: { matchLabels: selector },
    matchLabelKeys: ['pod-template-hash'],
  }));
}
