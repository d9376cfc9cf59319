import { defaults } from '../environments/defaults';
import { deepMerge } from '../environments/merge';
import { production } from '../environments/production';
import { staging } from '../environments/staging';
import { EnvironmentLayer } from '../environments/types';
import { ConfigurationError, validateEnvironment } from '../environments/validate';

function problemsOf(layer: object, base: EnvironmentLayer = staging, name = 'staging'): string[] {
  try {
    validateEnvironment(name, defaults, deepMerge(base, layer) as EnvironmentLayer);
  } catch (error) {
    if (error instanceof ConfigurationError) {
      return [...error.problems];
    }
    throw error;
  }
  return [];
}

const auth = (service: object) => ({ services: { auth: service } });

describe('configuration errors | one bad value, one message naming it', () => {
  test.each([
    ['a typo in a key', { services: { defaults: { replica: 3 } } },
      'staging: services.defaults: unknown key "replica"; check the spelling'],
    ['a typo deep down', { postgresql: { storage: { sise: '5Gi' } } },
      'staging: postgresql.storage: unknown key "sise"; check the spelling'],
    ['an unknown APP_ENV', { appEnvironment: 'Production' },
      'staging: appEnvironment is "Production"; expected one of "development", "staging", "production"'],
    ['a namespace with capitals', { namespace: 'Go-Chat' },
      'staging: namespace is "Go-Chat"; expected a DNS label'],
    ['an empty domain', { domain: '' }, 'staging: domain is ""; expected a lower-case DNS name'],
    ['a CPU request that is not a quantity', auth({ resources: { cpuRequest: '250mb' } }),
      'staging: services.auth.resources.cpuRequest is "250mb"; expected a Kubernetes quantity'],
    ['a storage size in GB', { postgresql: { storage: { size: '5GB' } } },
      'staging: postgresql.storage.size is "5GB"; expected a Kubernetes quantity'],
    ['a fractional replica count', auth({ replicas: 2.5 }),
      'staging: services.auth.replicas is 2.5; expected a whole number from 1'],
    ['zero replicas', auth({ replicas: 0 }),
      'staging: services.auth.replicas is 0; expected a whole number from 1'],
    ['a port out of range', auth({ ports: { grpc: 70000 } }),
      'staging: services.auth.ports.grpc is 70000; expected a whole number from 1 to 65535'],
    ['a CPU target of 0', auth({ autoscaling: { targetCpuUtilization: 0 } }),
      'staging: services.auth.autoscaling.targetCpuUtilization is 0; expected a whole number from 1 to 500'],
    ['a log level the services do not know', auth({ settings: { logLevel: 'verbose' } }),
      'staging: services.auth.settings.logLevel is "verbose"; expected one of "debug"'],
    ['an SSL mode the services do not know', auth({ settings: { database: { sslMode: 'required' } } }),
      'staging: services.auth.settings.database.sslMode is "required"; expected one of "disable"'],
    ['a string for a boolean', auth({ ingress: 'false' }),
      'staging: services.auth.ingress is "false"; expected true or false'],
    ['an origin without a scheme', auth({ settings: { allowedOrigins: ['chat.example.com'] } }),
      'staging: services.auth.settings.allowedOrigins.0 is "chat.example.com"; expected an origin'],
    ['a rate limit window over an hour', auth({ settings: { rateLimit: { windowSeconds: 7200 } } }),
      'staging: services.auth.settings.rateLimit.windowSeconds is 7200; expected a whole number from 1 to 3600'],
    ['a short password policy', auth({ settings: { passwordPolicy: { minLength: 6 } } }),
      'staging: services.auth.settings.passwordPolicy.minLength is 6; expected a whole number from 8 to 128'],
    ['a backup schedule in words', { postgresql: { backup: { schedule: 'every night' } } },
      'staging: postgresql.backup.schedule is "every night"; expected a five-field cron schedule'],
    ['a scrape interval in words', { monitoring: { scrapeInterval: '30 seconds' } },
      'staging: monitoring.scrapeInterval is "30 seconds"; expected a duration such as "30s"'],
    ['an external database without a network', { postgresql: { external: { host: 'db.example.com' } } },
      'staging: postgresql.external.cidr is missing; it is required here'],
    ['a Redis size without a unit', { redis: { maxMemory: '200' } },
      'staging: redis.maxMemory is "200"; expected a size such as "200mb"'],
    ['a canary weight over 100', auth({ canary: { weight: 150 } }),
      'staging: services.auth.canary.weight is 150; expected a whole number from 0 to 100'],
    ['an OpenAI temperature of 3', { services: { chat: { settings: { openAi: { temperature: 3 } } } } },
      'staging: services.chat.settings.openAi.temperature is 3; expected 0 to 2'],
  ])('%s', (_, layer, message) => {
    const problems = problemsOf(layer);
    expect(problems).toEqual([expect.stringContaining(message)]);
  });
});

describe('configuration errors | rules across fields', () => {
  test.each([
    ['min above max replicas', auth({ autoscaling: { minReplicas: 6, maxReplicas: 5 } }),
      'staging: services.auth.autoscaling: minReplicas 6 is above maxReplicas 5; min must be <= max'],
    ['a request above its limit', auth({ resources: { memoryRequest: '1Gi' } }),
      'staging: services.auth.resources: memoryRequest 1Gi is above memoryLimit 512Mi'],
    ['a CPU request above its limit', auth({ resources: { cpuRequest: '2' } }),
      'staging: services.auth.resources: cpuRequest 2 is above cpuLimit 500m'],
    ['the same port twice', auth({ ports: { grpc: 8080 } }),
      'staging: services.auth.ports: grpc and rest are both 8080'],
    ['more idle than max connections', auth({ settings: { database: { maxIdleConnections: 20 } } }),
      'staging: services.auth.settings.database: maxIdleConnections 20 is above maxConnections 10'],
    ['TLS min not below max', auth({ settings: { tls: { minVersion: '1.3', maxVersion: '1.2' } } }),
      'staging: services.auth.settings.tls: minVersion 1.3 is not below maxVersion 1.2'],
    ['a budget that blocks evictions', auth({ minAvailable: 2 }),
      'staging: services.auth.minAvailable 2 leaves no pod to evict from 2'],
    ['sensitive logging outside development', auth({ settings: { sensitiveLogging: { responseBody: true } } }),
      'staging: services.auth.settings.sensitiveLogging: logging sensitive data is only allowed in development'],
    ['database TLS against the in-cluster server', auth({ settings: { database: { sslMode: 'require' } } }),
      'staging: services.auth.settings.database.sslMode is "require"; the in-cluster PostgreSQL serves no TLS'],
    ['a canary on the main tag', auth({ canary: { enabled: true, tag: '1.0.0' } }),
      'staging: services.auth.canary.tag is "1.0.0", the main image\'s own tag'],
    ['no allowed origins', auth({ settings: { allowedOrigins: [] } }),
      'staging: services.auth.settings.allowedOrigins is empty'],
  ])('%s', (_, layer, message) => {
    expect(problemsOf(layer)).toEqual([expect.stringContaining(message)]);
  });
});

describe('configuration errors | production', () => {
  test.each([
    ['two replicas', { services: { defaults: { replicas: 2 } } },
      'production: services.auth.replicas is 2; production runs at least 3 pods'],
    ['an autoscaler floor of 2', { services: { defaults: { autoscaling: { minReplicas: 2 } } } },
      'production: services.auth.autoscaling.minReplicas is 2; production runs at least 3 pods'],
    ['one pod kept through disruptions', { services: { defaults: { minAvailable: 1 } } },
      'production: services.auth.minAvailable is 1; production keeps at least 2 pods'],
    ['no topology spread', { services: { defaults: { spreadAcrossTopology: false } } },
      'production: services.auth.spreadAcrossTopology is false'],
    ['TLS 1.1', { services: { defaults: { settings: { tls: { minVersion: '1.1' } } } } },
      'production: services.auth.settings.tls.minVersion is 1.1; production needs 1.2 or later'],
    ['debug logging', { services: { chat: { settings: { logLevel: 'debug' } } } },
      'production: services.chat.settings.logLevel is "debug"; production logs at "info" or above'],
    ['no database TLS', { services: { defaults: { settings: { database: { sslMode: 'disable' } } } } },
      'production: services.auth.settings.database.sslMode is "disable"; production needs "require"'],
    ['no certificates', { certificates: { enabled: false } },
      'production: certificates.enabled is false; production serves HTTPS'],
  ])('refuses %s', (_, layer, message) => {
    expect(problemsOf(layer, production, 'production')).toContainEqual(
      expect.stringContaining(message));
  });
});

describe('configuration errors | reporting', () => {
  test('every problem is reported at once, not only the first', () => {
    const problems = problemsOf({
      namespace: 'Bad',
      services: { auth: { replicas: -1, resources: { cpuRequest: 'lots' } } },
      redis: { maxMemory: 'big' },
    });
    expect(problems).toHaveLength(4);
  });

  test('the error message lists each problem on its own line', () => {
    expect(() => validateEnvironment('staging', defaults,
      deepMerge(staging, { domain: 'Example_COM!', release: '' }) as EnvironmentLayer))
      .toThrow(new RegExp('^invalid configuration:\n  - staging: release is ""; expected a '
        + 'version[^\n]*\n  - staging: domain is "Example_COM!"'));
  });

  test('every shipped environment is valid', () => {
    for (const [name, layer] of Object.entries({ staging, production })) {
      expect(problemsOf({}, layer, name)).toEqual([]);
    }
  });
});
