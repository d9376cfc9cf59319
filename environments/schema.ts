import { z } from 'zod';

// The shape of a configuration, used twice: every field optional and unknown
// keys refused, for one layer (so a typo cannot pass silently); and every
// field required, for the resolved environment.

type Mode = 'layer' | 'resolved';

// Each configuration is parsed a few times per synth; compiling a fast path
// for every schema, zod's default, costs several times what it saves.
z.config({ jitless: true });

function object<T extends z.ZodRawShape>(mode: Mode, shape: T) {
  return mode === 'layer' ? z.strictObject(shape).partial() : z.strictObject(shape);
}

// Each part is built once per mode and shared where it recurs: building zod
// schemas is a noticeable part of a synth's start.
function perMode<T>(build: (mode: Mode) => T): (mode: Mode) => T {
  const built = new Map<Mode, T>();
  return (mode) => {
    if (!built.has(mode)) {
      built.set(mode, build(mode));
    }
    return built.get(mode) as T;
  };
}

const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DURATION = /^([0-9]+(ms|s|m|h|d))+$/;
const CRON_FIELD = '(\\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?(,(\\*|[0-9]+(-[0-9]+)?)(/[0-9]+)?)*';
const CRON = new RegExp(`^${CRON_FIELD}( ${CRON_FIELD}){4}$`);
const CIDR = /^([0-9]{1,3}\.){3}[0-9]{1,3}\/([0-9]|[12][0-9]|3[0-2])$/;
const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:[0-9]{1,5})?$/;

const quantity = z.string().regex(QUANTITY,
  'expected a Kubernetes quantity such as "250m", "0.5", "256Mi" or "1Gi"');
const dnsLabel = z.string().regex(DNS_LABEL,
  'expected a DNS label: at most 63 lower-case letters, digits and "-"');
const dnsName = z.string().max(253).regex(DNS_SUBDOMAIN,
  'expected a lower-case DNS name such as "example.com"');
const whole = (min: number, max?: number) => {
  const base = z.number().int(`expected a whole number from ${min}${max ? ` to ${max}` : ''}`)
    .min(min, `expected a whole number from ${min}${max ? ` to ${max}` : ''}`);
  return max === undefined ? base : base.max(max, `expected a whole number from ${min} to ${max}`);
};
const port = whole(1, 65535);
const bool = z.boolean('expected true or false');
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, `expected one of ${values.map((v) => `"${v}"`).join(', ')}`);

const image = perMode((mode) => object(mode, {
  repository: z.string().regex(/^[a-z0-9][a-z0-9._\-/:]*$/,
    'expected an image repository such as "ghcr.io/org/app"'),
  tag: z.string().regex(TAG, 'expected an image tag such as "1.4.2"'),
}).partial());

const resources = perMode((mode) => object(mode, {
  cpuRequest: quantity,
  memoryRequest: quantity,
  cpuLimit: quantity.optional(),
  memoryLimit: quantity,
}));

const storage = perMode((mode) => object(mode, {
  size: quantity,
  storageClassName: dnsName.optional(),
}));

const settings = perMode((mode) => object(mode, {
  logLevel: oneOf(['debug', 'info', 'warn', 'error', 'fatal', 'panic'] as const),
  logJsonFormat: bool,
  database: object(mode, {
    sslMode: oneOf(['disable', 'require', 'verify-full'] as const),
    maxConnections: whole(1),
    maxIdleConnections: whole(1),
  }),
  rateLimit: object(mode, { enabled: bool, requests: whole(1, 10000),
    windowSeconds: whole(1, 3600) }),
  tls: object(mode, {
    enabled: bool,
    secretName: dnsLabel.optional(),
    minVersion: oneOf(['1.0', '1.1', '1.2', '1.3'] as const),
    maxVersion: oneOf(['1.0', '1.1', '1.2', '1.3'] as const),
  }),
  securityHeaders: object(mode, { enabled: bool, hstsMaxAgeSeconds: whole(0),
    contentSecurityPolicy: z.string().min(1, 'expected a policy such as "default-src \'self\'"') }),
  sensitiveLogging: object(mode, { sensitiveData: bool, requestHeaders: bool,
    responseBody: bool }),
  // auth-service's own
  allowedOrigins: z.array(z.string().regex(ORIGIN,
    'expected an origin: http:// or https://, a host and an optional port')).optional(),
  accessTokenMinutes: whole(1).optional(),
  refreshTokenDays: whole(1).optional(),
  passwordPolicy: z.strictObject({ minLength: whole(8, 128), requireUppercase: bool,
    requireLowercase: bool, requireNumbers: bool, requireSpecialChars: bool }).partial()
    .optional(),
  healthCheckTimeoutSeconds: whole(1).optional(),
  readTimeoutSeconds: whole(1).optional(),
  writeTimeoutSeconds: whole(1).optional(),
  // chat-service's own
  openAi: z.strictObject({ model: z.string().min(1, 'expected a model name'),
    maxTokens: whole(1), temperature: z.number().min(0, 'expected 0 to 2')
      .max(2, 'expected 0 to 2'), timeoutSeconds: whole(1) }).partial().optional(),
  migrationsDir: z.string().startsWith('/', 'expected an absolute path').optional(),
  databaseConnectionTimeoutSeconds: whole(1).optional(),
  authServiceTlsSecretName: dnsLabel.optional(),
}));

const service = perMode((mode) => object(mode, {
  image: image(mode),
  ports: object(mode, { grpc: port, rest: port }),
  replicas: whole(1),
  autoscaling: object(mode, {
    enabled: bool,
    minReplicas: whole(1),
    maxReplicas: whole(1),
    targetCpuUtilization: whole(1, 500),
    targetMemoryUtilization: whole(1, 500),
  }),
  resources: resources(mode),
  minAvailable: whole(0),
  hostPrefix: dnsLabel,
  ingress: bool,
  spreadAcrossTopology: bool,
  canary: object(mode, { enabled: bool, tag: z.string().regex(TAG, 'expected an image tag'),
    weight: whole(0, 100), replicas: whole(1) }),
  settings: settings(mode),
}));

const external = perMode((mode) => object(mode, {
  host: dnsName.or(z.string().regex(/^[0-9.]+$/, 'expected a host name or IP')),
  port: port.optional(),
  cidr: z.string().regex(CIDR, 'expected an IPv4 CIDR such as "10.20.0.0/16"'),
}));

const platform = (mode: Mode) => ({
  appEnvironment: oneOf(['development', 'staging', 'production'] as const),
  release: z.string().regex(TAG, 'expected a version such as "1.0.0"'),
  namespace: dnsLabel,
  cluster: object(mode, {
    context: z.string().regex(/^\S{1,253}$/,
      'expected a kubeconfig context name such as "kind-go-chat-ai", without spaces'),
  }),
  allowCopies: bool,
  domain: dnsName,
  certificates: object(mode, { enabled: bool, clusterIssuer: dnsName, acmeHttp01: bool }),
  monitoring: object(mode, {
    enabled: bool,
    scrapeInterval: z.string().regex(DURATION, 'expected a duration such as "30s"'),
    labels: z.record(z.string(), z.string()),
    dashboardNamespace: dnsLabel.optional(),
  }),
  postgresql: object(mode, {
    image: image(mode),
    storage: storage(mode),
    resources: resources(mode),
    external: external(mode).optional(),
    maxConnections: whole(10, 10000),
    backup: object(mode, {
      enabled: bool,
      schedule: z.string().regex(CRON, 'expected a five-field cron schedule such as "0 2 * * *"'),
      keep: whole(1, 365),
      maxAgeHours: whole(1),
      storage: storage(mode),
    }),
  }),
  redis: object(mode, {
    image: image(mode),
    storage: storage(mode),
    resources: resources(mode),
    external: external(mode).optional(),
    maxMemory: z.string().regex(/^[1-9][0-9]*(b|kb|mb|gb)$/, 'expected a size such as "200mb"'),
    maxMemoryPolicy: oneOf(['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random',
      'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const),
  }),
});

/** One layer: the base or an environment's overrides. */
export const LAYER_SCHEMA = z.strictObject({
  ...platform('layer'),
  services: z.strictObject({
    defaults: service('layer'),
    auth: service('layer'),
    chat: service('layer'),
    notification: service('layer'),
  }).partial(),
}).partial();

/** A resolved environment, before the rules across fields. */
export const RESOLVED_SCHEMA = z.strictObject({
  ...platform('resolved'),
  name: z.string(),
  auth: service('resolved'),
  chat: service('resolved'),
  notification: service('resolved'),
});
