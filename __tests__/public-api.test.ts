import { App, Chart, Testing } from 'cdk8s';
import {
  AuthService, ChatService, ExternalPostgres, ExternalRedis, NetworkPolicies, PlatformService,
  SharedInfra,
} from 'go-chat-ai-deploy';
import { validateManifests } from '../validation/kube-schema';

describe('public API |', () => {
  test('another cdk8s app can put AuthService in its own chart, against managed data stores', () => {
    // GIVEN a fresh app and chart of someone else's
    const app = new App();
    const chart = new Chart(app, 'identity', { disableResourceNameHashes: true });
    const postgres = new ExternalPostgres({
      host: 'db.internal.example.com', cidr: '10.20.0.0/16',
      databases: [{ name: 'auth', secretName: 'auth-db' }],
    });
    const redis = new ExternalRedis({
      host: 'cache.internal.example.com', cidr: '10.21.0.0/16',
      password: { secretName: 'cache', key: 'password' },
    });

    // WHEN it adds auth-service
    new AuthService(chart, 'Auth', {
      namespace: 'identity', instance: 'identity-prod', environment: 'production',
      image: { repository: 'registry.example.com/auth-service', tag: '2.3.1' },
      database: postgres.connectionFor('auth'),
      redis: redis.connection,
      jwtSecretName: 'auth-jwt',
      settings: { allowedOrigins: ['https://app.example.com'], database: { sslMode: 'require' } },
    });

    // THEN it gets the service's objects, valid and pointing at the managed servers
    const objects = Testing.synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ConfigMap/auth-service-config', 'ServiceAccount/auth-service', 'Deployment/auth-service',
      'Service/auth-service', 'PodDisruptionBudget/auth-service', 'ServiceMonitor/auth-service',
    ]);
    expect(validateManifests(objects)).toEqual([]);
    const config = objects.find((o) => o.kind === 'ConfigMap');
    expect(config.data).toMatchObject({
      POSTGRES_HOST: 'db.internal.example.com', DB_SSL_MODE: 'require',
      REDIS_HOST: 'cache.internal.example.com', APP_ENV: 'production',
    });
  });

  test('the whole platform composes from its exported constructs', () => {
    // GIVEN shared infrastructure and both services in a test chart
    const chart = Testing.chart();
    const infra = new SharedInfra(chart, 'Infra', {
      namespace: 'chat', instance: 'chat-dev', version: '0.1.0',
      postgresql: {
        storage: { size: '1Gi' },
        superuserPassword: { secretName: 'pg', key: 'password' },
        databases: [{ name: 'auth', secretName: 'a' }, { name: 'chat', secretName: 'c' }],
      },
      redis: { storage: { size: '1Gi' }, password: { secretName: 'r', key: 'password' } },
    });
    const common = { namespace: 'chat', instance: 'chat-dev', environment: 'development' as const,
      networkPolicies: infra.networkPolicies };
    const auth = new AuthService(chart, 'Auth', {
      ...common, image: { repository: 'example/auth', tag: '1.0.0' },
      database: infra.postgresql.connectionFor('auth'), redis: infra.redis.connection,
      jwtSecretName: 'jwt', settings: { allowedOrigins: ['http://localhost:3000'] },
    });
    new ChatService(chart, 'Chat', {
      ...common, image: { repository: 'example/chat', tag: '1.0.0' }, authService: auth,
      database: infra.postgresql.connectionFor('chat'), openAiSecretName: 'openai',
    });

    // THEN every flow has an end in the namespace and the manifests are valid
    expect(infra.networkPolicies.flows.map((f) => `${f.from.name} -> ${f.to.name}`)).toEqual([
      'monitoring/app.kubernetes.io/name=prometheus -> auth-service',
      'auth-service -> postgresql',
      'auth-service -> redis',
      'monitoring/app.kubernetes.io/name=prometheus -> chat-service',
      'chat-service -> auth-service',
      'chat-service -> postgresql',
      'chat-service -> internet',
    ]);
    expect(validateManifests(Testing.synth(chart))).toEqual([]);
  });

  test('a new service needs only the generic construct and its flows', () => {
    // GIVEN a namespace's policies and a notification service built on PlatformService
    const chart = Testing.chart();
    const policies = new NetworkPolicies(chart, 'Policies', { namespace: 'chat', labels: {} });
    const service = new PlatformService(chart, 'Notifications', {
      name: 'notification-service', namespace: 'chat', instance: 'chat-dev',
      image: { repository: 'example/notifications', tag: '0.3.0' },
      ports: { grpc: 9090, rest: 9091 }, settings: { LOG_LEVEL: 'info' },
      networkPolicies: policies,
    });

    // THEN its Service, pods and policy follow from the one port value
    const objects = Testing.synth(chart);
    const deployment = objects.find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].ports.map((p: any) => p.containerPort))
      .toEqual([9090, 9091]);
    expect(objects.find((o) => o.kind === 'ConfigMap').data)
      .toEqual({ APP_PORT: '9090', LOG_LEVEL: 'info', REST_PORT: '9091' });
    expect(service.host).toBe('notification-service.chat.svc.cluster.local');
    expect(objects.filter((o) => o.kind === 'NetworkPolicy').map((o) => o.metadata.name))
      .toEqual(['default-deny', 'allow-dns', 'notification-service']);
  });
});
