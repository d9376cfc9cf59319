import { ImageReference } from '../image';
import { ComputeResources } from '../resources';
import { SecretKeyReference } from '../secret-reference';
import { NetworkPolicies } from './network-policies';

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

  /**
   * cert-manager ClusterIssuer that signs the certificate.
   * @default - no TLS: plain HTTP, for a local cluster without cert-manager
   */
  readonly clusterIssuer?: string;

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

/** A second Deployment on another image, sent a share of the public traffic. */
export interface CanaryOptions {
  /** The canary's image, usually another tag of the same repository. */
  readonly image: ImageReference;

  /** Percent of the Ingress' requests routed to the canary, 0-100. */
  readonly weight: number;

  /** Canary pods. @default 1 */
  readonly replicas?: number;
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
   * Spread the pods over zones (best effort) and nodes (required).
   * @default false
   */
  readonly spreadAcrossTopology?: boolean;

  /**
   * A canary: `<name>-canary` Deployment, Service and, with an Ingress, an
   * ingress-nginx canary Ingress that sends it `weight` percent of requests.
   * Promote it by moving `image` to its image and dropping it.
   * @default - no canary
   */
  readonly canary?: CanaryOptions;

  /**
   * Namespace NetworkPolicies to declare this service's inbound flows in:
   * the ingress controller to REST, Prometheus to metrics.
   * @default - none; the caller then owns the policies
   */
  readonly networkPolicies?: NetworkPolicies;
}
