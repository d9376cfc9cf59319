import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentIdentity, componentLabels } from '../labels';
import { ExternalRedis, ExternalRedisProps, IRedis } from './cache';
import { ExternalPostgres, ExternalPostgresProps, IPostgres } from './database';
import { NetworkEndpoint, NetworkPolicies } from './network-policies';
import { Postgresql, PostgresqlProps } from './postgresql';
import { PostgresqlBackup, PostgresqlBackupProps } from './postgresql-backup';
import { Redis, RedisProps } from './redis';

/** PostgreSQL in the cluster, or a managed server given by host, port and Secret. */
export type PostgresqlOptions =
  | Omit<PostgresqlProps, 'namespace' | 'instance'>
  | { readonly external: ExternalPostgresProps };

/** Redis in the cluster, or a managed server given by host, port and Secret. */
export type RedisOptions =
  | Omit<RedisProps, 'namespace' | 'instance'>
  | { readonly external: ExternalRedisProps };

/** Props of {@link SharedInfra}. */
export interface SharedInfraProps {
  /** Namespace to create for the platform. */
  readonly namespace: string;

  /** `app.kubernetes.io/instance`, the installation of the platform. */
  readonly instance: string;

  /** Release of the platform, the version label of namespace-wide objects. */
  readonly version: string;

  /** The database server. */
  readonly postgresql: PostgresqlOptions;

  /** The Redis server. */
  readonly redis: RedisOptions;

  /**
   * Scheduled dumps of the in-cluster server; a managed server's backups are
   * its provider's to make. @default - no backups
   */
  readonly backup?: Omit<PostgresqlBackupProps, 'server' | 'networkPolicies'>;

  /** The ingress controller's pods. @default - ingress-nginx in `ingress-nginx` */
  readonly ingressController?: NetworkEndpoint;

  /** Prometheus' pods. @default - `app.kubernetes.io/name=prometheus` in `monitoring` */
  readonly prometheus?: NetworkEndpoint;
}

/**
 * What the services share: their namespace, held to Pod Security
 * `restricted`; default-deny NetworkPolicies; PostgreSQL and Redis.
 */
export class SharedInfra extends Construct {

  /** Name of the platform's namespace. */
  public readonly namespace: string;

  /** The Namespace object, for annotations such as external prerequisites. */
  public readonly namespaceObject: ApiObject;

  /** The namespace's NetworkPolicies, where each service declares its flows. */
  public readonly networkPolicies: NetworkPolicies;

  /** The database server. */
  public readonly postgresql: IPostgres;

  /** The Redis server. */
  public readonly redis: IRedis;

  /** The scheduled backups, when the server is in the cluster and backups are on. */
  public readonly backup?: PostgresqlBackup;

  constructor(scope: Construct, id: string, props: SharedInfraProps) {
    super(scope, id);
    this.namespace = props.namespace;
    const identity: ComponentIdentity = {
      name: 'go-chat-ai', component: 'platform', instance: props.instance,
      version: props.version,
    };
    const labels = componentLabels(identity);

    this.namespaceObject = new k8s.KubeNamespace(this, 'Namespace', {
      metadata: {
        name: props.namespace,
        labels: {
          ...labels,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });

    this.networkPolicies = new NetworkPolicies(this, 'NetworkPolicies', {
      namespace: props.namespace,
      labels,
      ingressController: props.ingressController,
      prometheus: props.prometheus,
    });

    const common = { namespace: props.namespace, instance: props.instance };
    this.postgresql = 'external' in props.postgresql
      ? new ExternalPostgres(props.postgresql.external)
      : new Postgresql(this, 'Postgresql', { ...props.postgresql, ...common });
    if (props.backup !== undefined) {
      if (!(this.postgresql instanceof Postgresql)) {
        throw new Error(`${this.node.path}: backup is set for an external PostgreSQL; `
          + 'back up a managed server with its provider\'s tools and drop "backup"');
      }

      this.backup = new PostgresqlBackup(this, 'Backup', {
        ...props.backup,
        server: this.postgresql,
        networkPolicies: this.networkPolicies,
      });
    }

    this.redis = 'external' in props.redis
      ? new ExternalRedis(props.redis.external)
      : new Redis(this, 'Redis', { ...props.redis, ...common });
  }
}
