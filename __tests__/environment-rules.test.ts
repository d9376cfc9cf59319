import { environmentConfig } from '../environments';
import { containerEnvironment, find, ofKind, synthEnvironment, synthPlatform } from './support/manifests';
import { flowMatrix } from '../validation/flow-matrix';

const SERVICES = ['auth-service', 'chat-service'];

describe('production |', () => {
  const objects = synthEnvironment('production');

  test.each(SERVICES)('%s scales 3-10 and keeps 2 pods through disruptions', (name) => {
    expect(find(objects, 'HorizontalPodAutoscaler', name).spec)
      .toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(find(objects, 'Deployment', name).spec).not.toHaveProperty('replicas');
    expect(find(objects, 'PodDisruptionBudget', name).spec.minAvailable).toBe(2);
  });

  test.each(SERVICES)('%s spreads its pods over zones and nodes', (name) => {
    const spec = find(objects, 'Deployment', name).spec;
    const constraints = spec.template.spec.topologySpreadConstraints;
    expect(constraints.map((c: any) => [c.topologyKey, c.whenUnsatisfiable])).toEqual([
      ['topology.kubernetes.io/zone', 'ScheduleAnyway'],
      ['kubernetes.io/hostname', 'DoNotSchedule'],
    ]);
    for (const c of constraints) {
      expect(spec.template.metadata.labels).toMatchObject(c.labelSelector.matchLabels);
    }
  });

  test.each(SERVICES)('%s requires database TLS and TLS 1.2, and does not log debug', (name) => {
    const { plain } = containerEnvironment(objects, name);
    expect(plain).toMatchObject({ APP_ENV: 'production', DB_SSL_MODE: 'require',
      MIN_TLS_VERSION: '1.2', LOG_LEVEL: 'info', LOG_SENSITIVE_DATA: 'false' });
  });

  test('certificates come from the production ClusterIssuer', () => {
    for (const ingress of ofKind(objects, 'Ingress')) {
      expect(ingress.metadata.annotations?.['cert-manager.io/cluster-issuer'])
        .toBe('letsencrypt-prod');
    }
  });

  test('the database is the managed server, reached on its network only', () => {
    expect(ofKind(objects, 'StatefulSet').map((s) => s.metadata.name)).toEqual(['redis']);
    expect(ofKind(objects, 'CronJob')).toEqual([]);
    expect(containerEnvironment(objects, 'auth-service').plain.POSTGRES_HOST)
      .toBe('postgres.internal.example.com');
    const toDatabase = flowMatrix(objects).filter((c) => c.allowed && c.to === '10.30.0.0/16');
    expect(toDatabase.map((c) => `${c.from} ${c.port}`).sort())
      .toEqual(['auth-service 5432', 'chat-service 5432', 'notification-service 5432']);
  });
});

describe('development |', () => {
  const objects = synthEnvironment('development');

  test.each(SERVICES)('%s runs one pod, with no HPA and no disruption budget', (name) => {
    expect(find(objects, 'Deployment', name).spec.replicas).toBe(1);
    expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('needs neither cert-manager nor the Prometheus Operator', () => {
    expect(objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com'))).toEqual([]);
    for (const ingress of ofKind(objects, 'Ingress')) {
      expect(ingress.metadata.annotations).toBeUndefined();
      expect(ingress.spec.tls).toBeUndefined();
      expect(ingress.spec.rules[0].host).toMatch(/\.localtest\.me$/);
    }
    expect(objects.filter((o) => o.metadata.name === 'cm-acme-http-solver')).toEqual([]);
  });

  test('logs at debug level as the development APP_ENV', () => {
    expect(containerEnvironment(objects, 'auth-service').plain)
      .toMatchObject({ APP_ENV: 'development', LOG_LEVEL: 'debug' });
  });
});

describe('testing |', () => {
  test('two copies live side by side: namespaces, hosts and instances differ', () => {
    // GIVEN two copies of testing
    const [a, b] = ['pr-1', 'pr-2'].map((copy) => synthPlatform(environmentConfig('testing', copy)));

    // THEN nothing of one has the other's namespace or host
    const namespaces = (objects: typeof a) => new Set(objects.map((o) =>
      o.metadata.namespace ?? o.metadata.name));
    expect([...namespaces(a)]).toEqual(['go-chat-ai-testing-pr-1']);
    expect([...namespaces(b)]).toEqual(['go-chat-ai-testing-pr-2']);
    expect(find(a, 'Ingress', 'chat-service').spec.rules[0].host)
      .toBe('chat-testing-pr-1.example.com');
    expect(find(b, 'Deployment', 'auth-service').metadata.labels?.['app.kubernetes.io/instance'])
      .toBe('go-chat-ai-testing-pr-2');
  });

  test('a copy\'s auth-service accepts its own chat host as an origin', () => {
    const config = environmentConfig('testing', 'pr-1');
    expect(config.auth.settings.allowedOrigins).toContain('https://chat-testing-pr-1.example.com');
    expect(config.name).toBe('testing-pr-1');
  });

  test('only environments meant for copies take --copy', () => {
    expect(() => environmentConfig('staging', 'pr-1'))
      .toThrow('staging: copies are not allowed (allowCopies is false)');
    expect(() => environmentConfig('testing', 'PR 1'))
      .toThrow('testing: copy name "PR 1" is not accepted');
  });

  test('runs one pod per service without monitoring or backups', () => {
    const objects = synthEnvironment('testing');
    expect(find(objects, 'Deployment', 'auth-service').spec.replicas).toBe(1);
    expect(ofKind(objects, 'CronJob')).toEqual([]);
    expect(objects.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com'))).toEqual([]);
  });
});
