import { SECRET_NAMES } from '../src/platform-config';
import { containerEnvironment, find, ofKind, synthEnvironment } from './support/manifests';

const objects = synthEnvironment('staging');

// the variables each service reads, from the services' own configuration code
const AUTH_VARIABLES = [
  'APP_ENV', 'APP_PORT', 'REST_PORT', 'POSTGRES_HOST', 'POSTGRES_PORT', 'POSTGRES_DB',
  'POSTGRES_USER', 'POSTGRES_PASSWORD', 'JWT_ACCESS_TOKEN_SECRET', 'JWT_REFRESH_TOKEN_SECRET',
  'JWT_EXPIRATION_TIME', 'JWT_REFRESH_EXPIRATION', 'ALLOWED_ORIGINS', 'LOG_LEVEL',
  'LOG_JSON_FORMAT', 'DB_SSL_MODE', 'DB_MAX_CONNECTIONS', 'DB_MAX_IDLE_CONNECTIONS',
  'RATE_LIMIT_ENABLED', 'RATE_LIMIT_REQUESTS', 'RATE_LIMIT_WINDOW', 'TLS_ENABLED',
  'TLS_CERT_FILE', 'TLS_KEY_FILE', 'MIN_TLS_VERSION', 'MAX_TLS_VERSION',
  'SECURITY_HEADERS_ENABLED', 'HSTS_MAX_AGE', 'CONTENT_SECURITY_POLICY', 'MIN_PASSWORD_LENGTH',
  'REQUIRE_UPPERCASE', 'REQUIRE_LOWERCASE', 'REQUIRE_NUMBERS', 'REQUIRE_SPECIAL_CHARS',
  'HEALTH_CHECK_TIMEOUT', 'SERVER_READ_TIMEOUT', 'SERVER_WRITE_TIMEOUT', 'LOG_SENSITIVE_DATA',
  'LOG_REQUEST_HEADERS', 'LOG_RESPONSE_BODY', 'REDIS_HOST', 'REDIS_PORT', 'REDIS_PASSWORD',
];
const CHAT_VARIABLES = [
  'APP_ENV', 'APP_PORT', 'REST_PORT', 'LOG_LEVEL', 'LOG_JSON_FORMAT', 'AUTH_SERVICE_HOST',
  'AUTH_SERVICE_PORT', 'AUTH_SERVICE_TLS', 'OPENAI_API_KEY', 'OPENAI_MODEL',
  'OPENAI_MAX_TOKENS', 'OPENAI_TEMPERATURE', 'OPENAI_TIMEOUT', 'POSTGRES_HOST', 'POSTGRES_PORT',
  'POSTGRES_DB', 'POSTGRES_USER', 'POSTGRES_PASSWORD', 'DB_SSL_MODE', 'DB_MAX_CONNECTIONS',
  'DB_MAX_IDLE_CONNECTIONS', 'DB_CONNECTION_TIMEOUT', 'MIGRATIONS_DIR', 'RATE_LIMIT_ENABLED',
  'RATE_LIMIT_REQUESTS', 'RATE_LIMIT_WINDOW', 'SECURITY_HEADERS_ENABLED', 'HSTS_MAX_AGE',
  'CONTENT_SECURITY_POLICY', 'LOG_SENSITIVE_DATA', 'LOG_REQUEST_HEADERS', 'LOG_RESPONSE_BODY',
  'TLS_ENABLED', 'TLS_CERT_FILE', 'TLS_KEY_FILE', 'MIN_TLS_VERSION', 'MAX_TLS_VERSION',
];
// the variables platform.md marks as secret: never a literal, always a Secret
const SECRET_VARIABLES = [
  'POSTGRES_USER', 'POSTGRES_PASSWORD', 'JWT_ACCESS_TOKEN_SECRET', 'JWT_REFRESH_TOKEN_SECRET',
  'REDIS_PASSWORD', 'OPENAI_API_KEY',
];

describe('services | environment', () => {
  test.each([
    ['auth-service', AUTH_VARIABLES],
    ['chat-service', CHAT_VARIABLES],
  ])('%s gets every variable it reads, and only those', (name, expected) => {
    const { plain, secret } = containerEnvironment(objects, name);
    expect([...Object.keys(plain), ...Object.keys(secret)].sort()).toEqual([...expected].sort());
  });

  test.each(['auth-service', 'chat-service'])('%s reads credentials only from Secrets', (name) => {
    // GIVEN the service's environment, ConfigMap included
    const { plain, secret } = containerEnvironment(objects, name);

    // THEN every secret variable it reads is a Secret reference, never a literal
    expect(Object.keys(plain).filter((key) => SECRET_VARIABLES.includes(key))).toEqual([]);
    expect(Object.keys(secret).filter((key) => !SECRET_VARIABLES.includes(key))).toEqual([]);
  });

  test('no Secret object is ever written', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  test('auth-service reads its JWT, database and Redis secrets from the documented Secrets', () => {
    const { secret } = containerEnvironment(objects, 'auth-service');
    expect(secret).toEqual({
      POSTGRES_USER: { name: SECRET_NAMES.authDatabase, key: 'username' },
      POSTGRES_PASSWORD: { name: SECRET_NAMES.authDatabase, key: 'password' },
      JWT_ACCESS_TOKEN_SECRET: { name: SECRET_NAMES.jwt, key: 'access-token-secret' },
      JWT_REFRESH_TOKEN_SECRET: { name: SECRET_NAMES.jwt, key: 'refresh-token-secret' },
      REDIS_PASSWORD: { name: SECRET_NAMES.redis, key: 'password' },
    });
  });

  test('chat-service reads its OpenAI key and database secrets from the documented Secrets', () => {
    const { secret } = containerEnvironment(objects, 'chat-service');
    expect(secret).toEqual({
      POSTGRES_USER: { name: SECRET_NAMES.chatDatabase, key: 'username' },
      POSTGRES_PASSWORD: { name: SECRET_NAMES.chatDatabase, key: 'password' },
      OPENAI_API_KEY: { name: SECRET_NAMES.openAi, key: 'api-key' },
    });
  });

  test('chat-service calls auth-service by its Service name and gRPC port', () => {
    const { plain } = containerEnvironment(objects, 'chat-service');
    const auth = find(objects, 'Service', 'auth-service');
    const grpc = auth.spec.ports.find((p: any) => p.name === 'grpc');
    expect(plain.AUTH_SERVICE_HOST).toBe('auth-service.go-chat-ai-staging.svc.cluster.local');
    expect(plain.AUTH_SERVICE_PORT).toBe(String(grpc.port));
  });

  test.each(['auth-service', 'chat-service'])('%s connects to the in-cluster PostgreSQL and Redis', (name) => {
    const { plain } = containerEnvironment(objects, name);
    const postgres = find(objects, 'Service', 'postgresql');
    expect(plain.POSTGRES_HOST).toBe('postgresql.go-chat-ai-staging.svc.cluster.local');
    expect(plain.POSTGRES_PORT).toBe(String(postgres.spec.ports[0].port));
    expect(plain.POSTGRES_DB).toBe(name === 'auth-service' ? 'auth' : 'chat');
    if (name === 'auth-service') {
      expect(plain.REDIS_HOST).toBe('redis.go-chat-ai-staging.svc.cluster.local');
      expect(plain.REDIS_PORT).toBe(String(find(objects, 'Service', 'redis').spec.ports[0].port));
    }
  });
});

describe('services | ports', () => {
  test.each([
    ['auth-service', 8081, 8080],
    ['chat-service', 8082, 8083],
  ])('%s listens on gRPC %i and REST %i everywhere at once', (name, grpc, rest) => {
    // GIVEN the service's Deployment, Service and environment
    const { container, plain } = containerEnvironment(objects, name);
    const service = find(objects, 'Service', name);
    const named = Object.fromEntries(
      container.ports.map((p: any) => [p.name, p.containerPort]));

    // THEN the variables, container ports, Service ports and probes agree
    expect(plain.APP_PORT).toBe(String(grpc));
    expect(plain.REST_PORT).toBe(String(rest));
    expect(named).toEqual({ grpc, http: rest });
    expect(service.spec.ports.map((p: any) => [p.name, p.port, named[p.targetPort]]))
      .toEqual([['grpc', grpc, grpc], ['http', rest, rest]]);
    for (const probe of [container.readinessProbe, container.livenessProbe]) {
      expect(named[probe.httpGet.port]).toBe(rest);
      expect(probe.httpGet.path).toBe('/health');
    }
  });

  test('every Service selects the pods of a workload of the platform', () => {
    const pods = objects
      .filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))
      .map((o) => o.spec.template);
    for (const service of ofKind(objects, 'Service')) {
      const selector: Record<string, string> = service.spec.selector;
      const matching = pods.filter((t) => Object.entries(selector)
        .every(([key, value]) => t.metadata.labels[key] === value));
      expect({ service: service.metadata.name, matches: matching.length })
        .toEqual({ service: service.metadata.name, matches: 1 });
      const open = matching[0].spec.containers.flatMap((c: any) => c.ports.map((p: any) => p.name));
      for (const port of service.spec.ports) {
        expect(open).toContain(port.targetPort);
      }
    }
  });

  test.each(['auth-service', 'chat-service'])('%s Ingress routes to the REST port of its Service', (name) => {
    const ingress = find(objects, 'Ingress', name);
    const backend = ingress.spec.rules[0].http.paths[0].backend.service;
    const port = find(objects, 'Service', name).spec.ports.find((p: any) => p.name === 'http');
    expect(backend).toEqual({ name, port: { name: port.name } });
  });

  test.each(['auth-service', 'chat-service'])('%s is scraped on its REST port at /metrics', (name) => {
    const monitor = find(objects, 'ServiceMonitor', name);
    const service = find(objects, 'Service', name);
    expect(monitor.spec.endpoints).toEqual([{ port: 'http', path: '/metrics', interval: '30s' }]);
    expect(service.metadata.labels).toMatchObject(monitor.spec.selector.matchLabels);
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['go-chat-ai-staging'] });
  });
});

describe('services | ingress', () => {
  test.each(['auth-service', 'chat-service'])('%s uses ingressClassName and a ClusterIssuer only', (name) => {
    const ingress = find(objects, 'Ingress', name);
    expect(ingress.spec.ingressClassName).toBe('nginx');
    expect(ingress.metadata.annotations).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-staging',
    });
  });
});

describe('services | access to the Kubernetes API', () => {
  test('no Role, ClusterRole or binding is created', () => {
    const rbac = objects.filter((o) => o.apiVersion.startsWith('rbac.authorization.k8s.io'));
    expect(rbac).toEqual([]);
  });

  test('no pod mounts a service account token', () => {
    for (const account of ofKind(objects, 'ServiceAccount')) {
      expect(account.automountServiceAccountToken).toBe(false);
    }

    for (const workload of objects.filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))) {
      const pod = workload.spec.template.spec;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(find(objects, 'ServiceAccount', pod.serviceAccountName)).toBeTruthy();
    }
  });
});
