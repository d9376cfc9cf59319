import { Testing } from 'cdk8s';
import {
  AuthService, AuthServiceProps, ChatService, ExternalPostgres, ExternalRedis, NetworkEndpoint,
  NetworkPolicies, PlatformService, PlatformServiceProps, Postgresql,
} from '../src';

const postgres = new ExternalPostgres({ host: 'db', cidr: '10.0.0.0/16',
  databases: [{ name: 'auth', secretName: 'auth-db' }, { name: 'chat', secretName: 'chat-db' }] });
const redis = new ExternalRedis({ host: 'cache', cidr: '10.1.0.0/16',
  password: { secretName: 'redis', key: 'password' } });

function service(overrides: Partial<PlatformServiceProps>) {
  return () => new PlatformService(Testing.chart(), 'Svc', {
    name: 'svc', namespace: 'ns', instance: 'i',
    image: { repository: 'example/svc', tag: '1.0.0' },
    ports: { grpc: 9000, rest: 9001 }, settings: {},
    ...overrides,
  });
}

function authService(overrides: Partial<AuthServiceProps>) {
  return () => new AuthService(Testing.chart(), 'Auth', {
    namespace: 'ns', instance: 'i', environment: 'staging',
    image: { repository: 'example/auth', tag: '1.0.0' },
    database: postgres.connectionFor('auth'), redis: redis.connection,
    jwtSecretName: 'jwt', settings: { allowedOrigins: ['https://app.example.com'] },
    ...overrides,
  });
}

describe('errors | images', () => {
  test.each(['latest', 'staging', 'production'])('throws for the moving tag "%s"', (tag) => {
    expect(service({ image: { repository: 'example/svc', tag } }))
      .toThrow(`Svc: image tag "${tag}" is not accepted; use an explicit version tag`);
  });

  test('throws for an image with neither tag nor digest', () => {
    expect(service({ image: { repository: 'example/svc' } }))
      .toThrow('image "example/svc" has neither tag nor digest');
  });

  test('throws for a malformed digest, quoting it', () => {
    expect(service({ image: { repository: 'example/svc', digest: 'sha256:abc' } }))
      .toThrow('image digest "sha256:abc" is not accepted; expected "sha256:" followed by 64');
  });

  test('throws for a repository with a tag in it', () => {
    expect(service({ image: { repository: 'Example/svc:1.0', tag: '1.0.0' } }))
      .toThrow('image repository "Example/svc:1.0" is not a valid reference');
  });

  test('accepts a digest-pinned image and labels it with a valid version', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    const chart = Testing.chart();
    new PlatformService(chart, 'Svc', { name: 'svc', namespace: 'ns', instance: 'i',
      image: { repository: 'example/svc', digest }, ports: { grpc: 1, rest: 2 }, settings: {} });
    const deployment = Testing.synth(chart).find((o) => o.kind === 'Deployment');
    expect(deployment.spec.template.spec.containers[0].image).toBe(`example/svc@${digest}`);
    expect(deployment.metadata.labels['app.kubernetes.io/version']).toMatch(/^sha256-a{56}$/);
  });
});

describe('errors | ports and workload shape', () => {
  test('throws for a port outside 1-65535', () => {
    expect(service({ ports: { grpc: 70000, rest: 9001 } }))
      .toThrow('Svc: ports.grpc is 70000; a port is a whole number 1-65535');
  });

  test('throws when gRPC and REST share a port', () => {
    expect(service({ ports: { grpc: 9000, rest: 9000 } }))
      .toThrow('ports.grpc and ports.rest are both 9000; the service needs two different ports');
  });

  test('throws when settings try to set the port variables', () => {
    expect(service({ settings: { APP_PORT: '1' } }))
      .toThrow('settings must not set APP_PORT; they are derived from the "ports" prop');
  });

  test('throws when a variable is both plain and secret', () => {
    expect(service({ settings: { TOKEN: 'x' }, secretEnv: { TOKEN: { secretName: 's', key: 'k' } } }))
      .toThrow('TOKEN is both a plain setting and a secret; keep it in secretEnv only');
  });

  test('throws for an autoscaling range that is not one', () => {
    const autoscaling = { minReplicas: 4, maxReplicas: 2, targetCpuUtilization: 80,
      targetMemoryUtilization: 80 };
    expect(service({ autoscaling })).toThrow('autoscaling 4-2 is not a range');
  });

  test('throws for a disruption budget that would block every eviction', () => {
    expect(service({ replicas: 2, minAvailable: 2 }))
      .toThrow('minAvailable 2 leaves no pod to evict from 2; set it below the replica count');
  });

  test('creates no disruption budget for a single pod', () => {
    const chart = Testing.chart();
    new PlatformService(chart, 'Svc', { name: 'svc', namespace: 'ns', instance: 'i',
      image: { repository: 'example/svc', tag: '1.0.0' }, ports: { grpc: 1, rest: 2 },
      settings: {}, replicas: 1 });
    const kinds = Testing.synth(chart).map((o) => o.kind);
    expect(kinds).not.toContain('PodDisruptionBudget');
    expect(kinds).toContain('Deployment');
  });
});

describe('errors | service settings', () => {
  test('reports every broken rule at once', () => {
    expect(authService({ settings: {
      allowedOrigins: ['https://app.example.com'],
      database: { maxConnections: 5, maxIdleConnections: 10 },
      rateLimit: { requests: 0, windowSeconds: 7200 },
      tls: { minVersion: '1.3', maxVersion: '1.2' },
    } })).toThrow([
      'Auth: invalid settings:',
      '  - database.maxIdleConnections is 10, above database.maxConnections 5; idle connections must be <= max',
      '  - rateLimit.requests is 0; expected a whole number from 1 to 10000',
      '  - rateLimit.windowSeconds is 7200; expected a whole number from 1 to 3600',
      '  - tls.minVersion 1.3 is not below tls.maxVersion 1.2; the services need min < max',
    ].join('\n'));
  });

  test('throws for production without database TLS or with old TLS', () => {
    expect(authService({ environment: 'production', settings: {
      allowedOrigins: ['https://app.example.com'],
      database: { sslMode: 'disable' }, tls: { minVersion: '1.1' },
    } })).toThrow(new RegExp('sslMode is "disable" in production; use "require" or '
      + '"verify-full"[\\s\\S]*tls.minVersion is 1.1 in production; use 1.2 or later'));
  });

  test('throws for in-pod TLS without a Secret to mount', () => {
    expect(authService({ settings: { allowedOrigins: ['https://a.example.com'],
      tls: { enabled: true } } }))
      .toThrow('tls.enabled is true but tls.secretName is not set');
  });

  test('throws for HSTS that is not positive while headers are on', () => {
    expect(authService({ settings: { allowedOrigins: ['https://a.example.com'],
      securityHeaders: { hstsMaxAgeSeconds: 0 } } }))
      .toThrow('securityHeaders.hstsMaxAgeSeconds is 0; it must be a positive whole number');
  });

  test('throws for sensitive logging outside development', () => {
    expect(authService({ settings: { allowedOrigins: ['https://a.example.com'],
      sensitiveLogging: { requestHeaders: true } } }))
      .toThrow('sensitiveLogging.requestHeaders is true in staging; it is only allowed in development');
  });

  test('throws for empty or malformed allowed origins', () => {
    expect(authService({ settings: { allowedOrigins: [] } }))
      .toThrow('allowedOrigins is empty; list the http(s):// origins');
    expect(authService({ settings: { allowedOrigins: ['app.example.com'] } }))
      .toThrow('allowedOrigins has "app.example.com"; an origin is http:// or https://');
  });

  test('throws for a password policy outside 8-128', () => {
    expect(authService({ settings: { allowedOrigins: ['https://a.example.com'],
      passwordPolicy: { minLength: 6 } } }))
      .toThrow('passwordPolicy.minLength is 6; expected a whole number from 8 to 128');
  });

  test('throws for an OpenAI temperature out of range', () => {
    const chart = Testing.chart();
    const auth = new AuthService(chart, 'Auth', {
      namespace: 'ns', instance: 'i', environment: 'staging',
      image: { repository: 'example/auth', tag: '1.0.0' },
      database: postgres.connectionFor('auth'), redis: redis.connection,
      jwtSecretName: 'jwt', settings: { allowedOrigins: ['https://app.example.com'] },
    });
    expect(() => new ChatService(chart, 'Chat', {
      namespace: 'ns', instance: 'i', environment: 'staging', authService: auth,
      image: { repository: 'example/chat', tag: '1.0.0' },
      database: postgres.connectionFor('chat'), openAiSecretName: 'openai',
      settings: { openAi: { temperature: 3, maxTokens: 0 } },
    })).toThrow(/openAi.temperature is 3; expected a number from 0 to 2[\s\S]*openAi.maxTokens is 0/);
  });
});

describe('errors | data stores and flows', () => {
  test('throws for a database the server does not declare, listing those it does', () => {
    expect(() => postgres.connectionFor('billing'))
      .toThrow('external PostgreSQL db has no database "billing"; declared databases: "auth", "chat"');
  });

  test('throws for a database name psql and the services would not take', () => {
    const props = { namespace: 'ns', instance: 'i', storage: { size: '1Gi' },
      superuserPassword: { secretName: 'pg', key: 'password' } };
    expect(() => new Postgresql(Testing.chart(), 'Pg', { ...props,
      databases: [{ name: 'Auth-DB', secretName: 'a' }] }))
      .toThrow('Pg: database name "Auth-DB" is not accepted; use lower-case letters');
    expect(() => new Postgresql(Testing.chart(), 'Pg', { ...props,
      databases: [{ name: 'auth', secretName: 'a' }, { name: 'auth', secretName: 'b' }] }))
      .toThrow('Pg: database "auth" is declared twice');
  });

  test('throws for a flow with no end in the namespace, or with no port', () => {
    const policies = new NetworkPolicies(Testing.chart(), 'Policies', { namespace: 'ns', labels: {} });
    const pods = NetworkEndpoint.pods('api', { app: 'api' });
    expect(() => policies.allow(NetworkEndpoint.internet(), NetworkEndpoint.ipBlock('10.0.0.0/8'),
      [{ port: 1 }])).toThrow('flow internet -> 10.0.0.0/8 has no end in namespace "ns"');
    expect(() => policies.allow(pods, NetworkEndpoint.internet(), []))
      .toThrow('flow api -> internet names no port; give at least one destination port');
  });
});

describe('errors | values the API server would refuse', () => {
  const resources = (r: object) => service({ resources: { cpuRequest: '250m',
    memoryRequest: '256Mi', memoryLimit: '512Mi', ...r } });

  test.each([
    [{ cpuRequest: '250mb' }, 'resources.cpuRequest is "250mb", not a Kubernetes quantity'],
    [{ memoryLimit: 'lots' }, 'resources.memoryLimit is "lots", not a Kubernetes quantity'],
    [{ memoryRequest: '2Gi' }, 'resources.memoryRequest 2Gi is above resources.memoryLimit 512Mi'],
    [{ cpuRequest: '2', cpuLimit: '500m' }, 'resources.cpuRequest 2 is above resources.cpuLimit 500m'],
  ])('throws for resources %p', (r, message) => {
    expect(resources(r)).toThrow(message);
  });

  test.each([
    [{ replicas: -1 }, 'replicas is -1; expected a whole number 0 or more'],
    [{ minAvailable: 1.5 }, 'minAvailable is 1.5; expected a whole number 0 or more'],
    [{ namespace: 'Go-Chat' }, 'namespace is "Go-Chat"; use at most 63 lower-case letters'],
    [{ namespace: '' }, 'namespace is ""; use at most 63 lower-case letters'],
    [{ ingress: { host: 'auth-staging.', clusterIssuer: 'le' } }, 'ingress.host is "auth-staging."'],
    [{ ingress: { host: 'a.example.com', clusterIssuer: '' } }, 'ingress.clusterIssuer is ""'],
    [{ metrics: { path: 'metrics' } }, 'metrics.path is "metrics"; an HTTP path starts with "/"'],
    [{ metrics: { port: 70000 } }, 'metrics.port is 70000; expected a whole number 1-65535'],
    [{ metrics: { interval: '30 seconds' } }, 'metrics.interval is "30 seconds"; give a Prometheus duration'],
    [{ autoscaling: { minReplicas: 1, maxReplicas: 3, targetCpuUtilization: 0,
      targetMemoryUtilization: 80 } }, 'autoscaling.targetCpuUtilization is 0'],
  ])('throws for %p', (props, message) => {
    expect(service(props as Partial<PlatformServiceProps>)).toThrow(message);
  });

  test('scrapes a metrics port that is the gRPC port by the gRPC port\'s name', () => {
    const chart = Testing.chart();
    new PlatformService(chart, 'Svc', { name: 'svc', namespace: 'ns', instance: 'i',
      image: { repository: 'example/svc', tag: '1.0.0' }, ports: { grpc: 9000, rest: 9001 },
      settings: {}, metrics: { port: 9000 } });
    const monitor = Testing.synth(chart).find((o) => o.kind === 'ServiceMonitor');
    expect(monitor.spec.endpoints[0].port).toBe('grpc');
  });

  test.each([
    ['auth-service:123', 'image repository "auth-service:123" is not a valid reference'],
    ['localhost:5000', 'image repository "localhost:5000" is not a valid reference'],
  ])('throws for the repository %s', (repository, message) => {
    expect(service({ image: { repository, tag: '1.0.0' } })).toThrow(message);
  });

  test.each(['ghcr.io/a__b/c', 'localhost:5000/app', 'registry.example.com:443/team/app'])(
    'accepts the repository %s', (repository) => {
      expect(service({ image: { repository, tag: '1.0.0' } })).not.toThrow();
    });

  test.each(['Latest', 'nightly'])('throws for the moving tag %s whatever its case', (tag) => {
    expect(service({ image: { repository: 'example/svc', tag } })).toThrow('is not accepted');
  });

  test('throws for PostgreSQL older than 15', () => {
    expect(() => new Postgresql(Testing.chart(), 'Pg', { namespace: 'ns', instance: 'i',
      image: { repository: 'postgres', tag: '13.2' }, storage: { size: '1Gi' },
      superuserPassword: { secretName: 'pg', key: 'password' }, databases: [] }))
      .toThrow('image tag "13.2" is PostgreSQL 13; the platform needs PostgreSQL 15 or later');
  });

  test.each([
    ['not-a-cidr', 'cidr is "not-a-cidr", not an IPv4 CIDR'],
    ['0.0.0.0/0', 'cidr 0.0.0.0/0 spans a large part of the internet'],
  ])('throws for a managed server at %s', (cidr, message) => {
    expect(() => new ExternalRedis({ host: 'cache.example.com', cidr,
      password: { secretName: 'r', key: 'password' } })).toThrow(message);
  });

  test('throws for settings whose values the services do not know', () => {
    expect(authService({ environment: 'Production' as 'production', settings: {
      allowedOrigins: ['https://a.example.com'], logLevel: 'verbose' as 'info',
      database: { sslMode: 'required' as 'require' }, logJsonFormat: 'yes' as unknown as boolean,
    } })).toThrow(new RegExp('environment is "Production"; expected one of "development", '
      + '"staging", "production"[\\s\\S]*logLevel is "verbose"[\\s\\S]*database.sslMode is '
      + '"required"[\\s\\S]*logJsonFormat is "yes"; expected true or false'));
  });

  test('throws for two workloads of one name in one namespace\'s policies', () => {
    const chart = Testing.chart();
    const policies = new NetworkPolicies(chart, 'Policies', { namespace: 'ns', labels: {} });
    policies.allow(NetworkEndpoint.pods('api', { app: 'a' }), NetworkEndpoint.internet(),
      [{ port: 443 }]);
    expect(() => policies.allow(NetworkEndpoint.pods('api', { app: 'b' }),
      NetworkEndpoint.internet(), [{ port: 443 }]))
      .toThrow('two different workloads are both named "api"');
  });

  test('throws for a service whose policies are another namespace\'s', () => {
    const chart = Testing.chart();
    const policies = new NetworkPolicies(chart, 'Policies', { namespace: 'other', labels: {} });
    expect(() => new PlatformService(chart, 'Svc', { name: 'svc', namespace: 'ns',
      instance: 'i', image: { repository: 'example/svc', tag: '1.0.0' },
      ports: { grpc: 1, rest: 2 }, settings: {}, networkPolicies: policies }))
      .toThrow('the service runs in namespace "ns" but its NetworkPolicies are for "other"');
  });
});

describe('errors | combinations that could not connect', () => {
  test('refuses database TLS against the in-cluster PostgreSQL, which serves none', () => {
    // GIVEN the in-cluster server
    const chart = Testing.chart();
    const server = new Postgresql(chart, 'Pg', { namespace: 'ns', instance: 'i',
      storage: { size: '1Gi' }, superuserPassword: { secretName: 'pg', key: 'password' },
      databases: [{ name: 'auth', secretName: 'a' }] });

    // WHEN auth-service asks for sslMode require, THEN the synth refuses
    expect(() => new AuthService(chart, 'Auth', {
      namespace: 'ns', instance: 'i', environment: 'staging',
      image: { repository: 'example/auth', tag: '1.0.0' },
      database: server.connectionFor('auth'), redis: redis.connection, jwtSecretName: 'jwt',
      settings: { allowedOrigins: ['https://a.example.com'], database: { sslMode: 'require' } },
    })).toThrow('database.sslMode is "require", but the in-cluster PostgreSQL serves no TLS');
  });
});
