import { AuthSettings } from './constructs/auth-service';
import { ChatSettings } from './constructs/chat-service';
import { NotificationSettings } from './constructs/notification-service';
import { ExternalRedisProps } from './constructs/cache';
import { ExternalPostgresProps } from './constructs/database';
import { AutoscalingOptions, ServicePorts } from './constructs/platform-service';
import { RedisEvictionPolicy } from './constructs/redis';
import { StorageOptions } from './constructs/stateful-store';
import { ImageReference } from './image';
import { ComputeResources } from './resources';
import { AppEnvironment, CommonServiceSettings } from './service-settings';

/** How one service is deployed in an environment. */
export interface ServiceConfig<S extends CommonServiceSettings = CommonServiceSettings> {
  /** Container image, pinned by tag or digest. */
  readonly image: ImageReference;

  /** gRPC and REST ports, which also set `APP_PORT` and `REST_PORT`. */
  readonly ports: ServicePorts;

  /** Pod count when autoscaling is off. */
  readonly replicas: number;

  /** Autoscaling on CPU and memory; when on, the HPA owns the pod count. */
  readonly autoscaling: AutoscalingOptions & { readonly enabled: boolean };

  /** Container CPU and memory. */
  readonly resources: ComputeResources;

  /** Pods a voluntary disruption must leave running. */
  readonly minAvailable: number;

  /** First label of the public host name, e.g. `auth-staging`; the domain follows. */
  readonly hostPrefix: string;

  /** Whether the service gets a public Ingress. */
  readonly ingress: boolean;

  /** Spread the pods over zones and nodes. */
  readonly spreadAcrossTopology: boolean;

  /** A canary on another image tag, sent `weight` percent of the public requests. */
  readonly canary: CanaryConfig;

  /** The service's own settings. */
  readonly settings: S;
}

/** A service's canary: promote it by moving the image tag to it and switching it off. */
export interface CanaryConfig {
  /** Whether the canary runs. */
  readonly enabled: boolean;

  /** Image tag of the canary, in the service's repository. */
  readonly tag: string;

  /** Percent of public requests sent to the canary, 0-100. */
  readonly weight: number;

  /** Canary pods. */
  readonly replicas: number;
}

/** TLS certificates for the Ingresses, from cert-manager. */
export interface CertificatesConfig {
  /** Whether the Ingresses get certificates; off means plain HTTP (local clusters). */
  readonly enabled: boolean;

  /** cert-manager ClusterIssuer that signs them. */
  readonly clusterIssuer: string;

  /**
   * Whether the issuer solves ACME HTTP-01 challenges, whose solver pods
   * ingress-nginx must reach on 8089; false for DNS-01 or a private CA.
   */
  readonly acmeHttp01: boolean;
}

/** A data store in the cluster, or a managed one outside it. */
export interface DataStoreConfig<E> {
  /** Image of the in-cluster server. */
  readonly image: ImageReference;

  /** Data volume of the in-cluster server. */
  readonly storage: StorageOptions;

  /** CPU and memory of the in-cluster server. */
  readonly resources: ComputeResources;

  /** A managed server to use instead. @default - the in-cluster server */
  readonly external?: E;
}

/** Scheduled dumps of the in-cluster PostgreSQL. */
export interface BackupConfig {
  /** Whether backups run. */
  readonly enabled: boolean;

  /** Cron schedule, in UTC. */
  readonly schedule: string;

  /** Dumps kept per database. */
  readonly keep: number;

  /** Hours without a good backup before the alert fires. */
  readonly maxAgeHours: number;

  /** The backup volume. */
  readonly storage: StorageOptions;
}

/** PostgreSQL, in the cluster or managed. */
export interface PostgresqlConfig extends DataStoreConfig<Omit<ExternalPostgresProps, 'databases'>> {
  /** `max_connections` of the in-cluster server. */
  readonly maxConnections: number;

  /** Backups of the in-cluster server. */
  readonly backup: BackupConfig;
}

/** Redis, in the cluster or managed. */
export interface RedisConfig extends DataStoreConfig<Omit<ExternalRedisProps, 'password'>> {
  /** `maxmemory` of the in-cluster server, e.g. `200mb`. */
  readonly maxMemory: string;

  /** `maxmemory-policy` of the in-cluster server. */
  readonly maxMemoryPolicy: RedisEvictionPolicy;
}

/** Prometheus Operator and Grafana. */
export interface MonitoringConfig {
  /** ServiceMonitors, alerts and dashboard; off for clusters without the operator. */
  readonly enabled: boolean;

  /** How often Prometheus scrapes the services. */
  readonly scrapeInterval: string;

  /** Labels Prometheus selects ServiceMonitors and rules by, e.g. `release`. */
  readonly labels: Record<string, string>;

  /** Namespace Grafana's dashboard sidecar watches. @default - the platform's namespace */
  readonly dashboardNamespace?: string;
}

/** The Kubernetes cluster an environment is deployed to. */
export interface ClusterConfig {
  /**
   * Name of the kubeconfig context that reaches the environment's cluster,
   * e.g. `kind-go-chat-ai`. The operations commands pass it to every kubectl
   * call instead of relying on kubectl's current context, and `deploy`,
   * `diff` and `destroy` refuse another context unless it is named with
   * `--context` and `--allow-context`. Context names are local to each
   * kubeconfig: rename yours to match (`kubectl config rename-context`).
   */
  readonly context: string;
}

/** Everything that makes one environment of the platform, fully resolved. */
export interface PlatformConfig {
  /** Environment name: the chart, the output folder and the instance label. */
  readonly name: string;

  /** `APP_ENV` of the services. */
  readonly appEnvironment: AppEnvironment;

  /** Platform release, the version label of namespace-wide objects. */
  readonly release: string;

  /** Namespace of the whole platform. */
  readonly namespace: string;

  /** The cluster the environment belongs to. */
  readonly cluster: ClusterConfig;

  /** Whether short-lived copies of the environment may be made (`--copy <name>`). */
  readonly allowCopies: boolean;

  /** DNS domain the public hosts live under. */
  readonly domain: string;

  /** Ingress certificates. */
  readonly certificates: CertificatesConfig;

  /** Prometheus Operator monitoring. */
  readonly monitoring: MonitoringConfig;

  /** auth-service. */
  readonly auth: ServiceConfig<AuthSettings>;

  /** chat-service. */
  readonly chat: ServiceConfig<ChatSettings>;

  /** notification-service, internal: its `ingress` must stay false. */
  readonly notification: ServiceConfig<NotificationSettings>;

  /** The PostgreSQL server. */
  readonly postgresql: PostgresqlConfig;

  /** The Redis server. */
  readonly redis: RedisConfig;
}

/**
 * Names of the Secrets the platform reads and never writes; the README shows
 * how to create each one.
 */
export const SECRET_NAMES = {
  /** `password`: the PostgreSQL superuser's password (in-cluster server only). */
  postgresqlSuperuser: 'postgresql-superuser',
  /** `username`, `password`: auth-service's database owner. */
  authDatabase: 'auth-service-db',
  /** `username`, `password`: chat-service's database owner. */
  chatDatabase: 'chat-service-db',
  /** `username`, `password`: notification-service's database owner. */
  notificationDatabase: 'notification-service-db',
  /** `access-token-secret`, `refresh-token-secret`: the JWT signing keys. */
  jwt: 'auth-service-jwt',
  /** `api-key`: the OpenAI API key. */
  openAi: 'chat-service-openai',
  /** `password`: the Redis password. */
  redis: 'redis',
} as const;
