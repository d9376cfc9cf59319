import { App, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BACKUP_NAME, PART_OF, PlatformConfig, PlatformMonitoring, PlatformService, PostgresqlOptions,
  SECRET_NAMES, SharedInfra, declareExternal,
} from '../src';
import { redisOptions, workloadOptions } from '../src/platform-options';
import { ChartBuild, CHART_ID } from '../src/synthesize';

// A platform of any number of services, for the synth benchmark. Each service
// is added the way the README's "Adding a service" says: a PlatformService
// with its own database, plus the flows it needs, in a chart holding the same
// shared infrastructure and monitoring as the real one. Nothing here is
// specific to the benchmark, so what it measures is what a user would pay.

/** Props of {@link GeneratedPlatformChart}. */
export interface GeneratedPlatformProps {
  /** The resolved configuration of one environment. */
  readonly config: PlatformConfig;

  /** How many services to declare. */
  readonly services: number;
}

/** The name of the i-th generated service, e.g. `service-007`. */
export function serviceName(index: number): string {
  return `service-${String(index).padStart(3, '0')}`;
}

const PORTS = { grpc: 8084, rest: 8085 };

/**
 * One environment of a platform of `services` services. Every other service
 * is public (an Ingress, so the ingress-nginx flow); each calls its
 * predecessor over gRPC, so the flows grow with the service count.
 */
export class GeneratedPlatformChart extends Chart {

  /** The namespace, policies and data stores. */
  public readonly infra: SharedInfra;

  /** The generated services, in order. */
  public readonly services: readonly PlatformService[];

  constructor(scope: Construct, id: string, props: GeneratedPlatformProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { config } = props;
    const instance = `go-chat-ai-${config.name}`;
    const names = Array.from({ length: props.services }, (_, i) => serviceName(i));
    const databases = names.map((name) => ({
      name: name.replace(/-/g, '_'), secretName: `${name}-db`,
    }));

    this.infra = new SharedInfra(this, 'SharedInfra', {
      namespace: config.namespace,
      instance,
      version: config.release,
      postgresql: postgresqlOptions(config, databases, props.services),
      redis: redisOptions(config),
      backup: config.postgresql.backup.enabled && config.postgresql.external === undefined
        ? config.postgresql.backup
        : undefined,
    });

    const services: PlatformService[] = [];
    for (const [i, name] of names.entries()) {
      const database = this.infra.postgresql.connectionFor(databases[i].name);
      const service = new PlatformService(this, `Service${i}`, {
        // every other service public, at its own host
        ...workloadOptions(config, { ...config.chat, hostPrefix: name, ingress: i % 2 === 0 }),
        name,
        namespace: config.namespace,
        instance,
        image: { repository: `ghcr.io/go-chat-ai/${name}`, tag: '0.1.0' },
        ports: PORTS,
        settings: {
          APP_ENV: config.appEnvironment,
          LOG_LEVEL: 'info',
          POSTGRES_HOST: database.host,
          POSTGRES_PORT: String(database.port),
          POSTGRES_DB: database.database,
        },
        secretEnv: { POSTGRES_USER: database.username, POSTGRES_PASSWORD: database.password },
        networkPolicies: this.infra.networkPolicies,
      });
      const policies = this.infra.networkPolicies;
      policies.allow(service.endpoint, database.endpoint, [{ port: database.port }]);
      const callee = services[i - 1];
      if (callee !== undefined) {
        policies.allow(service.endpoint, callee.endpoint, [{ port: callee.ports.grpc }]);
      }
      services.push(service);
    }
    this.services = services;

    // the Secrets the operator creates, as README "Adding a service" says to
    // declare them, so the validation gate knows they are not missing
    declareExternal(this.infra.namespaceObject, [
      ...(config.postgresql.external === undefined ? [SECRET_NAMES.postgresqlSuperuser] : []),
      ...(config.redis.external === undefined ? [SECRET_NAMES.redis] : []),
      ...databases.map((db) => db.secretName),
    ].map((name) => ({ kind: 'Secret', name })));

    if (config.monitoring.enabled) {
      new PlatformMonitoring(this, 'Monitoring', {
        namespace: config.namespace,
        labels: {
          'app.kubernetes.io/name': 'go-chat-ai', 'app.kubernetes.io/instance': instance,
          'app.kubernetes.io/component': 'monitoring', 'app.kubernetes.io/part-of': PART_OF,
          'app.kubernetes.io/version': config.release, 'app.kubernetes.io/managed-by': 'cdk8s',
        },
        deployments: names,
        statefulSets: config.postgresql.external === undefined
          ? ['postgresql', 'redis'] : ['redis'],
        backup: this.infra.backup
          ? { cronJob: BACKUP_NAME, maxAgeHours: config.postgresql.backup.maxAgeHours }
          : undefined,
        ruleLabels: config.monitoring.labels,
      });
    }
  }
}

/** The charts of a generated platform, one per configuration, for `synthesizeCharts`. */
export function generatedPlatform(
  configs: readonly PlatformConfig[],
  services: number,
): ChartBuild[] {
  return configs.map((config) => ({
    name: config.name,
    build: (app: App) => new GeneratedPlatformChart(app, CHART_ID, { config, services }),
  }));
}


// a server sized for every pod of every service holding a full pool, as the
// real chart's connection budget demands for its own services
function postgresqlOptions(
  config: PlatformConfig,
  databases: { name: string; secretName: string }[],
  services: number,
): PostgresqlOptions {
  const { external, backup: _backup, ...server } = config.postgresql;
  if (external !== undefined) {
    return { external: { ...external, databases } };
  }

  const pods = config.chat.autoscaling.enabled
    ? config.chat.autoscaling.maxReplicas : config.chat.replicas;
  const demand = services * pods * (config.chat.settings.database?.maxConnections ?? 25) + 5;
  return {
    ...server,
    maxConnections: Math.max(server.maxConnections, demand),
    databases,
    superuserPassword: { secretName: SECRET_NAMES.postgresqlSuperuser, key: 'password' },
  };
}
