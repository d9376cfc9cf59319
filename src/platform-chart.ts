import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { AuthService } from './constructs/auth-service';
import { ChatService } from './constructs/chat-service';
import { PlatformMonitoring } from './constructs/monitoring';
import { NotificationService } from './constructs/notification-service';
import { Postgresql } from './constructs/postgresql';
import { BACKUP_NAME } from './constructs/postgresql-backup';
import { IPostgres } from './constructs/database';
import { NetworkEndpoint } from './constructs/network-policies';
import { PostgresqlOptions, SharedInfra } from './constructs/shared-infra';
import { componentLabels } from './labels';
import { redisOptions, workloadOptions } from './platform-options';
import { ExternalPrerequisite, declareExternal } from './validation/external';
import { suppressRule } from './validation/suppression';
import { ValidationGate } from './validation/validation-gate';
import { PlatformConfig, SECRET_NAMES, ServiceConfig } from './platform-config';

/** Props of {@link PlatformChart}. */
export interface PlatformChartProps {
  /** The resolved configuration of one environment. */
  readonly config: PlatformConfig;
}

/**
 * The whole platform for one environment: the namespace and its shared
 * infrastructure first, then auth-service, chat-service and
 * notification-service.
 */
export class PlatformChart extends Chart {

  /** The namespace, policies and data stores. */
  public readonly infra: SharedInfra;

  /** auth-service. */
  public readonly auth: AuthService;

  /** chat-service. */
  public readonly chat: ChatService;

  /** notification-service. */
  public readonly notification: NotificationService;

  constructor(scope: Construct, id: string, props: PlatformChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const { config } = props;
    const instance = `go-chat-ai-${config.name}`;
    const databases = [
      { name: 'auth', secretName: SECRET_NAMES.authDatabase },
      { name: 'chat', secretName: SECRET_NAMES.chatDatabase },
      { name: 'notification', secretName: SECRET_NAMES.notificationDatabase },
    ];

    this.infra = new SharedInfra(this, 'SharedInfra', {
      namespace: config.namespace,
      instance,
      version: config.release,
      postgresql: postgresqlOptions(config, databases),
      redis: redisOptions(config),
      backup: config.postgresql.backup.enabled && config.postgresql.external === undefined
        ? config.postgresql.backup
        : undefined,
    });
    checkConnectionBudget(this, config, this.infra.postgresql);

    const common = {
      namespace: config.namespace,
      instance,
      environment: config.appEnvironment,
      networkPolicies: this.infra.networkPolicies,
    };
    this.auth = new AuthService(this, 'AuthService', {
      ...common,
      image: config.auth.image,
      ports: config.auth.ports,
      database: this.infra.postgresql.connectionFor('auth'),
      redis: this.infra.redis.connection,
      jwtSecretName: SECRET_NAMES.jwt,
      settings: config.auth.settings,
      workload: workloadOptions(config, config.auth),
    });

    this.chat = new ChatService(this, 'ChatService', {
      ...common,
      image: config.chat.image,
      ports: config.chat.ports,
      authService: this.auth,
      database: this.infra.postgresql.connectionFor('chat'),
      openAiSecretName: SECRET_NAMES.openAi,
      settings: config.chat.settings,
      workload: workloadOptions(config, config.chat),
    });

    // internal: the configuration refuses an Ingress for it
    const { ingress: _ingress, ...notificationWorkload } =
      workloadOptions(config, config.notification);
    this.notification = new NotificationService(this, 'NotificationService', {
      ...common,
      image: config.notification.image,
      ports: config.notification.ports,
      authService: this.auth,
      database: this.infra.postgresql.connectionFor('notification'),
      settings: config.notification.settings,
      workload: notificationWorkload,
    });

    const { certificates } = config;
    if (certificates.enabled && certificates.acmeHttp01
      && (config.auth.ingress || config.chat.ingress)) {
      // cert-manager answers HTTP-01 challenges from solver pods it starts in
      // the Ingress' namespace; the controller must reach them through the policies
      const policies = this.infra.networkPolicies;
      const solver = NetworkEndpoint.pods('cm-acme-http-solver',
        { 'acme.cert-manager.io/http01-solver': 'true' }, componentLabels({
          name: 'go-chat-ai', component: 'certificates', instance, version: config.release,
        }));
      policies.allow(policies.ingressController, solver, [{ port: 8089 }]);
      suppressRule(policies.policyOf(solver), 'network-policy-selector',
        'cert-manager creates the HTTP-01 solver pods only while a challenge runs');
    }

    if (config.monitoring.enabled) {
      new PlatformMonitoring(this, 'Monitoring', {
        namespace: config.namespace,
        labels: componentLabels({
          name: 'go-chat-ai', component: 'monitoring', instance, version: config.release,
        }),
        deployments: [this.auth.service.name, this.chat.service.name,
          this.notification.service.name],
        statefulSets: [
          ...(config.postgresql.external === undefined ? ['postgresql'] : []),
          ...(config.redis.external === undefined ? ['redis'] : []),
        ],
        backup: this.infra.backup
          ? { cronJob: BACKUP_NAME, maxAgeHours: config.postgresql.backup.maxAgeHours }
          : undefined,
        ruleLabels: config.monitoring.labels,
        dashboardNamespace: config.monitoring.dashboardNamespace,
      });
    }

    // the Secrets the README has the user create, declared where they live,
    // so the validation gate knows they are not missing
    declareExternal(this.infra.namespaceObject, externalSecrets(config));
    ValidationGate.addTo(this, { environment: config.name });
  }
}

// only the in-cluster PostgreSQL reads the superuser's Secret
function externalSecrets(config: PlatformConfig): ExternalPrerequisite[] {
  const inCluster = config.postgresql.external === undefined;
  return Object.entries(SECRET_NAMES)
    .filter(([purpose]) => inCluster || purpose !== 'postgresqlSuperuser')
    .map(([, name]) => ({ kind: 'Secret', name }));
}

// every pod of every service at its maximum count, each holding a full
// pool, plus the backup and the superuser slots, must fit the server
function checkConnectionBudget(chart: Chart, config: PlatformConfig, postgres: IPostgres) {
  if (!(postgres instanceof Postgresql)) {
    return;
  }

  const services: [string, ServiceConfig][] = [['auth-service', config.auth],
    ['chat-service', config.chat], ['notification-service', config.notification]];
  const demand = services.map(([name, service]) => {
    const pods = service.autoscaling.enabled ? service.autoscaling.maxReplicas : service.replicas;
    return { name, connections: pods * (service.settings.database?.maxConnections ?? 25) };
  });
  const reserved = 3 + 2;
  const total = demand.reduce((sum, d) => sum + d.connections, reserved);
  if (total > postgres.maxConnections) {
    const each = demand.map((d) => `${d.name} (${d.connections})`);
    throw new Error(`${chart.node.path}: ${each.slice(0, -1).join(', ')} and ${each.at(-1)} `
      + `may open ${total} connections with ${reserved} reserved, over `
      + `postgresql.maxConnections ${postgres.maxConnections}; raise it or lower the `
      + 'services\' database.maxConnections or maxReplicas');
  }
}


function postgresqlOptions(
  config: PlatformConfig,
  databases: { name: string; secretName: string }[],
): PostgresqlOptions {
  const { external, ...inCluster } = config.postgresql;
  if (external !== undefined) {
    return { external: { ...external, databases } };
  }

  const { backup: _backup, ...server } = inCluster;
  return {
    ...server,
    databases,
    superuserPassword: { secretName: SECRET_NAMES.postgresqlSuperuser, key: 'password' },
  };
}
