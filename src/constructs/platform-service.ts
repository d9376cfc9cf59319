import { createHash } from 'node:crypto';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { imageVersion, renderImage } from '../image';
import { ComponentIdentity, componentLabels, selectorLabels } from '../labels';
import { checkDnsLabel, checkWholeNumber } from '../kubernetes-values';
import { ComputeResources } from '../resources';
import { SecretKeyReference } from '../secret-reference';
import { NetworkEndpoint } from './network-policies';
import {
  AutoscalingOptions, CanaryOptions, MetricsOptions, PlatformServiceProps,
  ServiceIngressOptions, ServicePorts,
} from './platform-service-props';
import {
  CONFIG_HASH_ANNOTATION, TRACK_LABEL, ServiceDeploymentOptions, createServiceDeployment,
} from './service-deployment';
import { createServiceIngress } from './service-ingress';

export * from './platform-service-props';

const DEFAULT_RESOURCES: ComputeResources = {
  cpuRequest: '250m',
  memoryRequest: '256Mi',
  memoryLimit: '512Mi',
};

export { CONFIG_HASH_ANNOTATION, TRACK_LABEL };

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
    const deployment = this.deploymentOptions(props, config, metricsPort);
    createServiceDeployment(this, 'Deployment', deployment);
    this.createService('Service', this.name, deployment.selector, metricsPort);

    if (props.autoscaling !== undefined) {
      this.createAutoscaler(props.autoscaling);
    }

    this.createDisruptionBudget(props);

    if (props.ingress !== undefined) {
      this.createIngress('Ingress', this.name, props.ingress, props.servesTls ?? false);
    }

    if (props.canary !== undefined) {
      this.createCanary(props, props.canary, deployment, metricsPort);
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

  private deploymentOptions(
    props: PlatformServiceProps,
    config: k8s.KubeConfigMap,
    metricsPort: number,
  ): ServiceDeploymentOptions {
    const containerPorts: k8s.ContainerPort[] = [
      { name: 'grpc', containerPort: props.ports.grpc, protocol: 'TCP' },
      { name: 'http', containerPort: props.ports.rest, protocol: 'TCP' },
    ];
    if (isSeparatePort(metricsPort, props.ports)) {
      containerPorts.push({ name: 'metrics', containerPort: metricsPort, protocol: 'TCP' });
    }

    if (props.autoscaling === undefined) {
      checkWholeNumber(props.replicas ?? 2, 'replicas', this.node.path, 0);
    }

    // the track is in the selector from the first release on, because a
    // Deployment's selector cannot change and a canary needs it
    const selector = { ...selectorLabels(this.identity), [TRACK_LABEL]: 'stable' };
    return {
      name: this.name,
      namespace: this.namespace,
      objectLabels: this.labels,
      podLabels: { ...this.labels, [TRACK_LABEL]: 'stable' },
      selector,
      serviceAccountName: this.name,
      image: renderImage(props.image, this.node.path),
      containerPorts,
      configMapName: config.name,
      configHash: contentHash(config.toJson().data),
      secretEnv: this.secretEnv,
      secretMounts: props.secretMounts ?? [],
      resources: props.resources ?? DEFAULT_RESOURCES,
      healthPath: props.healthPath ?? '/health',
      servesTls: props.servesTls ?? false,
      replicas: props.autoscaling === undefined ? props.replicas ?? 2 : undefined,
      spread: props.spreadAcrossTopology ?? false,
    };
  }

  private createService(
    id: string,
    name: string,
    selector: Record<string, string>,
    metricsPort: number,
  ): void {
    const ports: k8s.ServicePort[] = [
      servicePort('grpc', this.ports.grpc),
      servicePort('http', this.ports.rest),
    ];
    if (isSeparatePort(metricsPort, this.ports)) {
      ports.push(servicePort('metrics', metricsPort));
    }

    new k8s.KubeService(this, id, {
      metadata: { ...this.metadata(), name },
      spec: { type: 'ClusterIP', selector, ports },
    });
  }

  private createCanary(
    props: PlatformServiceProps,
    canary: CanaryOptions,
    stable: ServiceDeploymentOptions,
    metricsPort: number,
  ): void {
    const where = `${this.node.path} canary`;
    checkWholeNumber(canary.weight, 'canary.weight', where, 0, 100);
    checkWholeNumber(canary.replicas ?? 1, 'canary.replicas', where, 1);
    const name = `${this.name}-canary`;
    const labels = componentLabels({ ...this.identity, version: imageVersion(canary.image) });
    const selector = { ...selectorLabels(this.identity), [TRACK_LABEL]: 'canary' };

    createServiceDeployment(this, 'CanaryDeployment', {
      ...stable,
      name,
      objectLabels: labels,
      podLabels: { ...labels, [TRACK_LABEL]: 'canary' },
      selector,
      image: renderImage(canary.image, where),
      replicas: canary.replicas ?? 1,
    });
    this.createService('CanaryService', name, selector, metricsPort);

    if (props.ingress !== undefined) {
      // no certificate of its own: ingress-nginx serves the main Ingress' one
      this.createIngress('CanaryIngress', name, { ...props.ingress, clusterIssuer: undefined },
        props.servesTls ?? false, {
          'nginx.ingress.kubernetes.io/canary': 'true',
          'nginx.ingress.kubernetes.io/canary-weight': String(canary.weight),
        });
    }
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
        selector: { matchLabels: { ...selectorLabels(this.identity), [TRACK_LABEL]: 'stable' } },
      },
    });
  }

  private createIngress(
    id: string,
    serviceName: string,
    ingress: ServiceIngressOptions,
    servesTls: boolean,
    annotations?: Record<string, string>,
  ): void {
    createServiceIngress(this, id, {
      name: serviceName,
      namespace: this.namespace,
      labels: this.labels,
      host: ingress.host,
      className: ingress.className ?? 'nginx',
      clusterIssuer: ingress.clusterIssuer,
      tlsSecretName: ingress.tlsSecretName ?? `${this.name}-tls`,
      serviceName,
      servesTls,
      annotations,
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
