import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthService, WorkloadOptions } from './constructs/auth-service';
import { ChatService } from './constructs/chat-service';
import { PostgresqlOptions, RedisOptions, SharedInfra } from './constructs/shared-infra';
import { PlatformConfig, SECRET_NAMES, ServiceConfig } from './platform-config';

/** Props of {@link PlatformChart}. */
export interface PlatformChartProps {
  /** The resolved configuration of one environment. */
  readonly config: PlatformConfig;
}

/**
 * The whole platform for one environment: the namespace and its shared
 * infrastructure first, then auth-service and chat-service.
 */
export class PlatformChart extends Chart {

  /** The namespace, policies and data stores. */
  public readonly infra: SharedInfra;

  /** auth-service. */
  public readonly auth: AuthService;

  /** chat-service. */
  public readonly chat: ChatService;

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { config } = props;
    const instance = `go-chat-ai-${config.name}`;
    const databases = [
      { name: 'auth', secretName: SECRET_NAMES.authDatabase },
      { name: 'chat', secretName: SECRET_NAMES.chatDatabase },
    ];

    this.infra = new SharedInfra(this, 'SharedInfra', {
      namespace: config.namespace,
      instance,
      version: config.release,
      postgresql: postgresqlOptions(config, databases),
      redis: redisOptions(config),
    });

    const common = {
      namespace: config.namespace,
      instance,
      environment: config.appEnvironment,
      networkPolicies: this.infra.networkPolicies,
    };
    this.auth = new AuthService(this, 'AuthService', {
      ...common,
      image: config.auth.image,
      database: this.infra.postgresql.connectionFor('auth'),
      redis: this.infra.redis.connection,
      jwtSecretName: SECRET_NAMES.jwt,
      settings: config.auth.settings,
      workload: workloadOptions(config, config.auth),
    });

    this.chat = new ChatService(this, 'ChatService', {
      ...common,
      image: config.chat.image,
      authService: this.auth,
      database: this.infra.postgresql.connectionFor('chat'),
      openAiSecretName: SECRET_NAMES.openAi,
      settings: config.chat.settings,
      workload: workloadOptions(config, config.chat),
    });
  }
}

function workloadOptions(config: PlatformConfig, service: ServiceConfig): WorkloadOptions {
  return {
    replicas: service.replicas,
    autoscaling: service.autoscaling.enabled ? service.autoscaling : undefined,
    resources: service.resources,
    minAvailable: service.minAvailable,
    ingress: service.ingress
      ? { host: `${service.hostPrefix}.${config.domain}`, clusterIssuer: config.clusterIssuer }
      : undefined,
    metrics: {
      serviceMonitor: config.monitoring.enabled,
      interval: config.monitoring.scrapeInterval,
    },
  };
}

function postgresqlOptions(
  config: PlatformConfig,
  databases: { name: string; secretName: string }[],
): PostgresqlOptions {
  const { external, ...inCluster } = config.postgresql;
  if (external !== undefined) {
    return { external: { ...external, databases } };
  }

  return {
    ...inCluster,
    databases,
    superuserPassword: { secretName: SECRET_NAMES.postgresqlSuperuser, key: 'password' },
  };
}

function redisOptions(config: PlatformConfig): RedisOptions {
  const password = { secretName: SECRET_NAMES.redis, key: 'password' };
  const { external, ...inCluster } = config.redis;
  return external !== undefined
    ? { external: { ...external, password } }
    : { ...inCluster, password };
}
