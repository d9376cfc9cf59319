import { Testing } from 'cdk8s';
import {
  AuthService, ExternalPostgres, ExternalRedis, NetworkPolicies, NotificationService,
} from 'go-chat-ai-deploy';
import { ENVIRONMENTS, environmentConfig } from '../environments';
import { defaults } from '../environments/defaults';
import { deepMerge } from '../environments/merge';
import { staging } from '../environments/staging';
import { ConfigurationError, validateEnvironment } from '../environments/validate';
import { SECRET_NAMES } from '../src/platform-config';
import { flowMatrix } from '../validation/flow-matrix';
import { containerEnvironment, find, ofKind, synthEnvironment } from './support/manifests';

const NAME = 'notification-service';
const synthesized = Object.fromEntries(Object.keys(ENVIRONMENTS)
  .map((name) => [name, synthEnvironment(name)]));
const objects = synthesized.staging;

// the variables notification-service reads
const VARIABLES = [
  'APP_ENV', 'APP_PORT', 'REST_PORT', 'LOG_LEVEL', 'LOG_JSON_FORMAT', 'POSTGRES_HOST',
  'POSTGRES_PORT', 'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'DB_SSL_MODE',
  'DB_MAX_CONNECTIONS', 'DB_MAX_IDLE_CONNECTIONS', 'AUTH_SERVICE_HOST', 'AUTH_SERVICE_PORT',
];

describe('notification-service | environment', () => {
  test('gets every variable it reads, and only those', () => {
    const { plain, secret } = containerEnvironment(objects, NAME);
    expect([...Object.keys(plain), ...Object.keys(secret)].sort()).toEqual([...VARIABLES].sort());
  });

  test('reads its database credentials from its own Secret, and nothing else secret', () => {
    const { plain, secret } = containerEnvironment(objects, NAME);
    expect(secret).toEqual({
      POSTGRES_USER: { name: SECRET_NAMES.notificationDatabase, key: 'username' },
      POSTGRES_PASSWORD: { name: SECRET_NAMES.notificationDatabase, key: 'password' },
    });
    expect(plain).toMatchObject({
      APP_ENV: 'staging', POSTGRES_DB: 'notification',
      POSTGRES_HOST: 'postgresql.go-chat-ai-staging.svc.cluster.local', POSTGRES_PORT: '5432',
    });
  });

  test('calls auth-service by its Service name and gRPC port', () => {
    const { plain } = containerEnvironment(objects, NAME);
    const grpc = find(objects, 'Service', 'auth-service').spec.ports
      .find((p: any) => p.name === 'grpc');
    expect(plain.AUTH_SERVICE_HOST).toBe('auth-service.go-chat-ai-staging.svc.cluster.local');
    expect(plain.AUTH_SERVICE_PORT).toBe(String(grpc.port));
  });

  test('in production, reaches the managed server over TLS', () => {
    const { plain } = containerEnvironment(synthesized.production, NAME);
    expect(plain).toMatchObject({
      POSTGRES_HOST: 'postgres.internal.example.com', DB_SSL_MODE: 'require', APP_ENV: 'production',
    });
  });
});

describe('notification-service | ports', () => {
  test('listens on gRPC 8084 and REST 8085 everywhere at once', () => {
    // GIVEN its Deployment, Service and environment
    const { container, plain } = containerEnvironment(objects, NAME);
    const named = Object.fromEntries(container.ports.map((p: any) => [p.name, p.containerPort]));

    // THEN the variables, container ports, Service ports and probes agree
    expect(plain).toMatchObject({ APP_PORT: '8084', REST_PORT: '8085' });
    expect(named).toEqual({ grpc: 8084, http: 8085 });
    expect(find(objects, 'Service', NAME).spec.ports
      .map((p: any) => [p.name, p.port, named[p.targetPort]]))
      .toEqual([['grpc', 8084, 8084], ['http', 8085, 8085]]);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(named[probe.httpGet.port]).toBe(8085);
    }
  });

  test('is scraped on its REST port by its own ServiceMonitor', () => {
    expect(find(objects, 'ServiceMonitor', NAME).spec.endpoints)
      .toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
  });
});

describe('notification-service | flows', () => {
  test.each(Object.keys(ENVIRONMENTS))('has no Ingress in %s', (name) => {
    expect(ofKind(synthesized[name], 'Ingress').map((i) => i.metadata.name))
      .not.toContain(NAME);
  });

  test('reaches PostgreSQL, auth-service gRPC and DNS, and only Prometheus reaches it', () => {
    // GIVEN every connection the policies decide, to or from the service
    const allowed = flowMatrix(objects)
      .filter((c) => c.allowed && (c.from === NAME || c.to === NAME))
      .map((c) => `${c.from} -> ${c.to} ${c.port}/${c.protocol}`);

    // THEN exactly its own flows are let through
    expect(allowed.sort()).toEqual([
      'notification-service -> auth-service 8081/TCP',
      'notification-service -> kube-dns 53/TCP',
      'notification-service -> kube-dns 53/UDP',
      'notification-service -> postgresql 5432/TCP',
      'prometheus -> notification-service 8085/TCP',
    ]);
  });

  test('with monitoring off, nothing reaches it at all', () => {
    expect(flowMatrix(synthesized.development).filter((c) => c.allowed && c.to === NAME))
      .toEqual([]);
  });
});

describe('notification-service | configuration', () => {
  test('an Ingress for it is refused, naming the field', () => {
    const layer = deepMerge(staging, { services: { notification: { ingress: true } } });
    expect(() => validateEnvironment('staging', defaults, layer as typeof staging))
      .toThrow(ConfigurationError);
    expect(() => validateEnvironment('staging', defaults, layer as typeof staging))
      .toThrow('staging: services.notification.ingress is true; notification-service is '
        + 'internal and has no Ingress: set it to false');
  });

  test('its section layers over the service defaults like the others', () => {
    const config = environmentConfig('staging');
    expect(config.notification.autoscaling).toMatchObject({ enabled: true, maxReplicas: 5 });
    expect(config.notification.settings.database).toMatchObject({ maxConnections: 5 });
    expect(environmentConfig('production').notification.settings.database?.sslMode)
      .toBe('require');
  });
});

describe('notification-service | the construct', () => {
  const props = () => {
    const chart = Testing.chart();
    const policies = new NetworkPolicies(chart, 'Policies', { namespace: 'apps', labels: {} });
    const postgres = new ExternalPostgres({ host: 'db.example.com', cidr: '10.20.0.0/16',
      databases: [{ name: 'auth', secretName: 'a' }, { name: 'notify', secretName: 'n' }] });
    const redis = new ExternalRedis({ host: 'cache.example.com', cidr: '10.21.0.0/16',
      password: { secretName: 'r', key: 'password' } });
    const auth = new AuthService(chart, 'Auth', {
      namespace: 'apps', instance: 'apps', environment: 'production',
      image: { repository: 'example/auth', tag: '1.0.0' },
      database: postgres.connectionFor('auth'), redis: redis.connection, jwtSecretName: 'jwt',
      settings: { allowedOrigins: ['https://app.example.com'], database: { sslMode: 'require' } },
      networkPolicies: policies,
    });
    return { chart, policies, auth, database: postgres.connectionFor('notify') };
  };

  test('another cdk8s app can add it with its own database and flows', () => {
    // GIVEN someone else's chart with auth-service and a managed database
    const { chart, policies, auth, database } = props();

    // WHEN notification-service is added
    new NotificationService(chart, 'Notifications', {
      namespace: 'apps', instance: 'apps', environment: 'production',
      image: { repository: 'example/notifications', tag: '0.1.0' },
      authService: auth, database, settings: { database: { sslMode: 'require' } },
      networkPolicies: policies,
    });

    // THEN it gets its objects, and its flows are declared
    expect(Testing.synth(chart).filter((o) => o.metadata.name.startsWith(NAME))
      .map((o) => o.kind)).toEqual(['NetworkPolicy', 'ConfigMap', 'ServiceAccount',
      'Deployment', 'Service', 'PodDisruptionBudget', 'ServiceMonitor']);
    expect(policies.flows.filter((f) => f.from.name === NAME)
      .map((f) => `${f.to.name} ${f.ports[0].port}`)).toEqual(['10.20.0.0/16 5432',
      'auth-service 8081']);
  });

  test('refuses settings the service would refuse at start-up', () => {
    const { chart, auth, database } = props();
    expect(() => new NotificationService(chart, 'Notifications', {
      namespace: 'apps', instance: 'apps', environment: 'production',
      image: { repository: 'example/notifications', tag: '0.1.0' }, authService: auth, database,
      settings: { logLevel: 'loud' as never },
    })).toThrow(/logLevel is "loud"; expected one of[\s\S]*database.sslMode is "disable" in production/);
  });

  test('refuses an auth-service of another namespace', () => {
    const { chart, auth, database } = props();
    expect(() => new NotificationService(chart, 'Notifications', {
      namespace: 'other', instance: 'apps', environment: 'staging',
      image: { repository: 'example/notifications', tag: '0.1.0' }, authService: auth, database,
    })).toThrow('auth-service runs in "apps", not in notification-service\'s namespace "other"');
  });
});
