import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { ImageReference, imageVersion, renderImage } from '../image';
import { ComponentIdentity, componentLabels, selectorLabels } from '../labels';
import {
  NONROOT_UID, restrictedContainerSecurityContext, restrictedPodSecurityContext,
  tmpVolume, tmpVolumeMount,
} from '../pod-security';
import {
  checkDnsLabel, checkDnsSubdomain, checkWholeNumber,
} from '../kubernetes-values';
import { ComputeResources, renderResources } from '../resources';
import { SecretKeyReference, secretEnvVar } from '../secret-reference';
import { NetworkEndpoint, NetworkPolicies } from './network-policies';

/** The two ports every platform service listens on. */
export interface ServicePorts {
  /** gRPC port; the service reads it from `APP_PORT`. */
  readonly grpc: number;

  /** REST port, which also serves `/health`; the service reads it from `REST_PORT`. */
  readonly rest: number;
}

/** Horizontal scaling on CPU and memory utilisation. */
export interface AutoscalingOptions {
  /** Fewest pods. */
  readonly minReplicas: number;

  /** Most pods. */
  readonly maxReplicas: number;

  /** Average CPU utilisation to keep, in percent of the request. */
  readonly targetCpuUtilization: number;

  /** Average memory utilisation to keep, in percent of the request. */
  readonly targetMemoryUtilization: number;
}

/** Public HTTPS access through ingress-nginx with a cert-manager certificate. */
export interface ServiceIngressOptions {
  /** Fully qualified host name, e.g. `auth-staging.example.com`. */
  readonly host: string;

  /** cert-manager ClusterIssuer that signs the certificate. */
  readonly clusterIssuer: string;

  /** IngressClass of the controller. @default 'nginx' */
  readonly className?: string;

  /** Secret cert-manager writes the certificate to. @default '<name>-tls' */
  readonly tlsSecretName?: string;
}

/** Where Prometheus scrapes the service. */
export interface MetricsOptions {
  /** HTTP path of the metrics. @default '/metrics' */
  readonly path?: string;

  /**
   * Port of the metrics; one other than REST and gRPC is opened as `metrics`.
   * @default - the REST port
   */
  readonly port?: number;

  /** Scrape interval. @default '30s' */
  readonly interval?: string;

  /** Whether to create a Prometheus Operator ServiceMonitor. @default true */
  readonly serviceMonitor?: boolean;

  /**
   * Extra labels on the ServiceMonitor, for Prometheus' `serviceMonitorSelector`.
   * @default - none
   */
  readonly monitorLabels?: Record<string, string>;
}

/** A Secret volume mounted read-only into the service's container. */
export interface SecretMount {
  /** Name of the existing Secret. */
  readonly secretName: string;

  /** Directory it is mounted at. */
  readonly mountPath: string;
}

/** Props of {@link PlatformService}. */
export interface PlatformServiceProps {
  /** Name of every object of the service and its `app.kubernetes.io/name`. */
  readonly name: string;

  /** Namespace the service runs in. */
  readonly namespace: string;

  /** `app.kubernetes.io/instance`, the installation of the platform. */
  readonly instance: string;

  /** `app.kubernetes.io/component`. @default 'backend' */
  readonly component?: string;

  /** Container image, pinned by tag or digest. */
  readonly image: ImageReference;

  /** The ports the service listens on; they also set `APP_PORT` and `REST_PORT`. */
  readonly ports: ServicePorts;

  /** Plain settings, written to the service's ConfigMap and read as environment. */
  readonly settings: Record<string, string>;

  /** Environment variables read from existing Secrets. @default - none */
  readonly secretEnv?: Record<string, SecretKeyReference>;

  /** Secret volumes to mount, e.g. TLS material. @default - none */
  readonly secretMounts?: readonly SecretMount[];

  /** Pod count when autoscaling is off. @default 2 */
  readonly replicas?: number;

  /** Autoscaling; when set the Deployment leaves `spec.replicas` to the HPA. @default - off */
  readonly autoscaling?: AutoscalingOptions;

  /** Container CPU and memory. @default - 250m/256Mi requested, 512Mi memory limit */
  readonly resources?: ComputeResources;

  /** Pods a voluntary disruption must leave running. @default 1, and no PDB for a single pod */
  readonly minAvailable?: number;

  /** HTTPS ingress. @default - no Ingress */
  readonly ingress?: ServiceIngressOptions;

  /**
   * Whether the REST port serves HTTPS itself; probes and the ingress then
   * speak HTTPS to it. @default false
   */
  readonly servesTls?: boolean;

  /** Path of the health endpoint on the REST port. @default '/health' */
  readonly healthPath?: string;

  /** Metrics scraping. @default - '/metrics' on the REST port, with a ServiceMonitor */
  readonly metrics?: MetricsOptions;

  /**
   * Namespace NetworkPolicies to declare this service's inbound flows in:
   * the ingress controller to REST, Prometheus to metrics.
   * @default - none; the caller then owns the policies
   */
  readonly networkPolicies?: NetworkPolicies;
}

const DEFAULT_RESOURCES: ComputeResources = {
  cpuRequest: '250m',
  memoryRequest: '256Mi',
  memoryLimit: '512Mi',
};

/** Annotation whose value changes whenever the ConfigMap does, rolling the pods. */
export const CONFIG_HASH_ANNOTATION = 'go-chat-ai/config-hash';

/**
 * One platform service: Deployment, Service, ServiceAccount, ConfigMap, and as
 * configured an Ingress, HPA, PodDisruptionBudget and ServiceMonitor. One
 * value per port drives the container ports, the Service, the probes and the
 * `APP_PORT` / `REST_PORT` settings.
 */
export class PlatformService extends Construct {

  /** Name of the Service and every other object. */
  public readonly name: string;

  /** Namespace the service runs in. */
  public readonly namespace: string;

  /** The ports the service listens on, which its Service also exposes. */
  public readonly ports: ServicePorts;

  /** In-cluster DNS name of the Service. */
  public readonly host: string;

  /** The service's pods, as one end of a NetworkPolicy flow. */
  public readonly endpoint: NetworkEndpoint;

  /** Labels on every object of the service. */
  public readonly labels: Record<string, string>;

  /** Every Secret key the service reads, by environment variable. */
  public readonly secretEnv: Record<string, SecretKeyReference>;

  private readonly identity: ComponentIdentity;

  constructor(scope: Construct, id: string, props: PlatformServiceProps) {
    super(scope, id);
    const where = this.node.path;
    validatePorts(props.ports, where);
    checkDnsLabel(props.name, 'name', where);
    checkDnsLabel(props.namespace, 'namespace', where);
    if (props.networkPolicies !== undefined
      && props.networkPolicies.namespace !== props.namespace) {
      throw new Error(`${where}: the service runs in namespace "${props.namespace}" but its `
        + `NetworkPolicies are for "${props.networkPolicies.namespace}"; use the policies of `
        + 'its own namespace');
    }

    this.name = props.name;
    this.namespace = props.namespace;
    this.ports = props.ports;
    this.host = `${props.name}.${props.namespace}.svc.cluster.local`;
    this.secretEnv = { ...props.secretEnv };
    this.identity = {
      name: props.name,
      component: props.component ?? 'backend',
      instance: props.instance,
      version: imageVersion(props.image),
    };
    this.labels = componentLabels(this.identity);
    const podSelector = selectorLabels(this.identity);
    this.endpoint = NetworkEndpoint.pods(props.name, podSelector, this.labels);

    const metricsPort = props.metrics?.port ?? props.ports.rest;
    validateMetrics(props.metrics ?? {}, metricsPort, where);
    const config = this.createConfigMap(props);
    this.createServiceAccount();
    this.createDeployment(props, config, metricsPort);
    this.createService(metricsPort);

    if (props.autoscaling !== undefined) {
      this.createAutoscaler(props.autoscaling);
    }

    this.createDisruptionBudget(props);

    if (props.ingress !== undefined) {
      this.createIngress(props.ingress, props.servesTls ?? false);
    }

    if (props.metrics?.serviceMonitor ?? true) {
      this.createServiceMonitor(props.metrics ?? {}, metricsPort);
    }

    this.declareInboundFlows(props, metricsPort);
  }

  private metadata(): k8s.ObjectMeta {
    return { name: this.name, namespace: this.namespace, labels: this.labels };
  }

  private createConfigMap(props: PlatformServiceProps): k8s.KubeConfigMap {
    const reserved = ['APP_PORT', 'REST_PORT'].filter((key) => key in props.settings);
    if (reserved.length > 0) {
      throw new Error(`${this.node.path}: settings must not set ${reserved.join(', ')}; `
        + 'they are derived from the "ports" prop so that they match the container ports');
    }

    const clash = Object.keys(props.settings).filter((key) => key in (props.secretEnv ?? {}));
    if (clash.length > 0) {
      throw new Error(`${this.node.path}: ${clash.join(', ')} is both a plain setting and `
        + 'a secret; keep it in secretEnv only');
    }

    const data = sortedRecord({
      ...props.settings,
      APP_PORT: String(props.ports.grpc),
      REST_PORT: String(props.ports.rest),
    });
    return new k8s.KubeConfigMap(this, 'Config', {
      metadata: { ...this.metadata(), name: `${this.name}-config` },
      data,
    });
  }

  private createServiceAccount(): void {
    // the services never call the Kubernetes API, so no token is mounted
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: this.metadata(),
      automountServiceAccountToken: false,
    });
  }

  private createDeployment(
    props: PlatformServiceProps,
    config: k8s.KubeConfigMap,
    metricsPort: number,
  ): void {
    const containerPorts: k8s.ContainerPort[] = [
      { name: 'grpc', containerPort: props.ports.grpc, protocol: 'TCP' },
      { name: 'http', containerPort: props.ports.rest, protocol: 'TCP' },
    ];
    if (isSeparatePort(metricsPort, props.ports)) {
      containerPorts.push({ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' });
    }

    const health: k8s.HttpGetAction = {
      path: props.healthPath ?? '/health',
      port: k8s.IntOrString.fromString('http'),
      scheme: props.servesTls ?? false ? 'HTTPS' : 'HTTP',
    };
    const secretMounts = props.secretMounts ?? [];
    const container: k8s.Container = {
      name: this.name,
      image: renderImage(props.image, this.node.path),
      imagePullPolicy: 'IfNotPresent',
      ports: containerPorts,
      envFrom: [{ configMapRef: { name: config.name } }],
      env: Object.entries(this.secretEnv).map(([name, ref]) => secretEnvVar(name, ref)),
      resources: renderResources(props.resources ?? DEFAULT_RESOURCES, this.node.path),
      readinessProbe: { httpGet: health, periodSeconds: 10, timeoutSeconds: 3,
        failureThreshold: 3 },
      livenessProbe: { httpGet: health, initialDelaySeconds: 10, periodSeconds: 20,
        timeoutSeconds: 3, failureThreshold: 3 },
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [
        tmpVolumeMount(),
        ...secretMounts.map((m, i) => ({ name: `secret-${i}`, mountPath: m.mountPath,
          readOnly: true })),
      ],
    };

    if (props.autoscaling === undefined) {
      checkWholeNumber(props.replicas ?? 2, 'replicas', this.node.path, 0);
    }

    new k8s.KubeDeployment(this, 'Deployment', {
      metadata: this.metadata(),
      spec: {
        replicas: props.autoscaling === undefined ? props.replicas ?? 2 : undefined,
        revisionHistoryLimit: 5,
        selector: { matchLabels: selectorLabels(this.identity) },
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: {
            maxSurge: k8s.IntOrString.fromNumber(1),
            maxUnavailable: k8s.IntOrString.fromNumber(0),
          },
        },
        template: {
          metadata: {
            labels: this.labels,
            annotations: { [CONFIG_HASH_ANNOTATION]: contentHash(config.toJson().data) },
          },
          spec: {
            serviceAccountName: this.name,
            automountServiceAccountToken: false,
            securityContext: restrictedPodSecurityContext(NONROOT_UID),
            terminationGracePeriodSeconds: 30,
            containers: [container],
            volumes: [
              tmpVolume(),
              ...secretMounts.map((m, i) => ({ name: `secret-${i}`,
                secret: { secretName: m.secretName } })),
            ],
          },
        },
      },
    });
  }

  private createService(metricsPort: number): void {
    const ports: k8s.ServicePort[] = [
      servicePort('grpc', this.ports.grpc),
      servicePort('http', this.ports.rest),
    ];
    if (isSeparatePort(metricsPort, this.ports)) {
      ports.push(servicePort('metrics', metricsPort));
    }

    new k8s.KubeService(this, 'Service', {
      metadata: this.metadata(),
      spec: { type: 'ClusterIP', selector: selectorLabels(this.identity), ports },
    });
  }

  private createAutoscaler(autoscaling: AutoscalingOptions): void {
    const { minReplicas, maxReplicas } = autoscaling;
    if (!Number.isInteger(minReplicas) || minReplicas < 1 || maxReplicas < minReplicas) {
      throw new Error(`${this.node.path}: autoscaling ${minReplicas}-${maxReplicas} is `
        + 'not a range; minReplicas must be a whole number >= 1 and <= maxReplicas');
    }

    checkWholeNumber(maxReplicas, 'autoscaling.maxReplicas', this.node.path, 1);
    checkWholeNumber(autoscaling.targetCpuUtilization, 'autoscaling.targetCpuUtilization',
      this.node.path, 1);
    checkWholeNumber(autoscaling.targetMemoryUtilization,
      'autoscaling.targetMemoryUtilization', this.node.path, 1);

    new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: this.metadata(),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
        minReplicas,
        maxReplicas,
        metrics: [
          utilizationMetric('cpu', autoscaling.targetCpuUtilization),
          utilizationMetric('memory', autoscaling.targetMemoryUtilization),
        ],
      },
    });
  }

  private createDisruptionBudget(props: PlatformServiceProps): void {
    const fewestPods = props.autoscaling?.minReplicas ?? props.replicas ?? 2;
    const minAvailable = props.minAvailable ?? 1;
    checkWholeNumber(minAvailable, 'minAvailable', this.node.path, 0);
    if (fewestPods < 2) {
      // a budget over a single pod would block every node drain
      return;
    }

    if (minAvailable >= fewestPods) {
      throw new Error(`${this.node.path}: minAvailable ${minAvailable} leaves no pod to `
        + `evict from ${fewestPods}; set it below the replica count`);
    }

    new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
      metadata: this.metadata(),
      spec: {
        minAvailable: k8s.IntOrString.fromNumber(minAvailable),
        selector: { matchLabels: selectorLabels(this.identity) },
      },
    });
  }

  private createIngress(ingress: ServiceIngressOptions, servesTls: boolean): void {
    checkDnsSubdomain(ingress.host, 'ingress.host', this.node.path);
    checkDnsSubdomain(ingress.clusterIssuer, 'ingress.clusterIssuer', this.node.path);
    const annotations: Record<string, string> = {
      'cert-manager.io/cluster-issuer': ingress.clusterIssuer,
    };
    if (servesTls) {
      annotations['nginx.ingress.kubernetes.io/backend-protocol'] = 'HTTPS';
    }

    // ingressClassName only: the API server rejects an Ingress that also
    // carries the deprecated kubernetes.io/ingress.class annotation
    new k8s.KubeIngress(this, 'Ingress', {
      metadata: { ...this.metadata(), annotations },
      spec: {
        ingressClassName: ingress.className ?? 'nginx',
        tls: [{ hosts: [ingress.host], secretName: ingress.tlsSecretName ?? `${this.name}-tls` }],
        rules: [{
          host: ingress.host,
          http: {
            paths: [{
              path: '/',
              pathType: 'Prefix',
              backend: { service: { name: this.name, port: { name: 'http' } } },
            }],
          },
        }],
      },
    });
  }

  private createServiceMonitor(metrics: MetricsOptions, metricsPort: number): void {
    new ServiceMonitor(this, 'ServiceMonitor', {
      metadata: { ...this.metadata(), labels: { ...this.labels, ...metrics.monitorLabels } },
      spec: {
        selector: { matchLabels: selectorLabels(this.identity) },
        namespaceSelector: { matchNames: [this.namespace] },
        endpoints: [{
          port: portName(metricsPort, this.ports),
          path: metrics.path ?? '/metrics',
          interval: metrics.interval ?? '30s',
        }],
      },
    });
  }

  private declareInboundFlows(props: PlatformServiceProps, metricsPort: number): void {
    const policies = props.networkPolicies;
    if (policies === undefined) {
      return;
    }

    if (props.ingress !== undefined) {
      policies.allow(policies.ingressController, this.endpoint, [{ port: props.ports.rest }]);
    }

    if (props.metrics?.serviceMonitor ?? true) {
      policies.allow(policies.prometheus, this.endpoint, [{ port: metricsPort }]);
    }
  }
}

function validatePorts(ports: ServicePorts, where: string): void {
  for (const [name, port] of Object.entries(ports)) {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(`${where}: ports.${name} is ${JSON.stringify(port)}; a port is a whole `
        + 'number 1-65535');
    }
  }

  if (ports.grpc === ports.rest) {
    throw new Error(`${where}: ports.grpc and ports.rest are both ${ports.grpc}; `
      + 'the service needs two different ports');
  }
}

function isSeparatePort(port: number, ports: ServicePorts): boolean {
  return port !== ports.grpc && port !== ports.rest;
}

function portName(port: number, ports: ServicePorts): string {
  if (port === ports.grpc) {
    return 'grpc';
  }

  return port === ports.rest ? 'http' : 'metrics';
}

function validateMetrics(metrics: MetricsOptions, port: number, where: string): void {
  checkWholeNumber(port, 'metrics.port', where, 1, 65535);
  if (metrics.path !== undefined && !metrics.path.startsWith('/')) {
    throw new Error(`${where}: metrics.path is ${JSON.stringify(metrics.path)}; an HTTP path `
      + 'starts with "/", e.g. "/metrics"');
  }

  if (metrics.interval !== undefined && !/^([0-9]+(ms|s|m|h))+$/.test(metrics.interval)) {
    throw new Error(`${where}: metrics.interval is ${JSON.stringify(metrics.interval)}; `
      + 'give a Prometheus duration such as "30s" or "1m"');
  }
}

function servicePort(name: string, port: number): k8s.ServicePort {
  return { name, port, targetPort: k8s.IntOrString.fromString(name), protocol: 'TCP' };
}

function utilizationMetric(resource: string, percent: number): k8s.MetricSpecV2 {
  return {
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization: percent } },
  };
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function contentHash(data: unknown): string {
  return createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, 16);
}
