/** The environments the services know, as `APP_ENV`. */
export type AppEnvironment = 'development' | 'staging' | 'production';

/** `LOG_LEVEL` values the services accept. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'panic';

/** `DB_SSL_MODE` values the services accept. */
export type DatabaseSslMode = 'disable' | 'require' | 'verify-full';

/** TLS protocol versions, for `MIN_TLS_VERSION` and `MAX_TLS_VERSION`. */
export type TlsVersion = '1.0' | '1.1' | '1.2' | '1.3';

/** The services' own database pool settings. */
export interface DatabasePoolSettings {
  /** `DB_SSL_MODE`; production needs `require` or `verify-full`. @default 'disable' */
  readonly sslMode?: DatabaseSslMode;

  /** `DB_MAX_CONNECTIONS`. @default 25 */
  readonly maxConnections?: number;

  /** `DB_MAX_IDLE_CONNECTIONS`, at most `maxConnections`. @default 5 */
  readonly maxIdleConnections?: number;
}

/** Request rate limiting inside the service. */
export interface RateLimitSettings {
  /** `RATE_LIMIT_ENABLED`. @default true */
  readonly enabled?: boolean;

  /** `RATE_LIMIT_REQUESTS` per window, 1-10000. @default 100 */
  readonly requests?: number;

  /** `RATE_LIMIT_WINDOW` in seconds, 1-3600. @default 60 */
  readonly windowSeconds?: number;
}

/** TLS served by the service itself, behind the ingress. */
export interface ServiceTlsSettings {
  /** `TLS_ENABLED`; needs `secretName`. @default false */
  readonly enabled?: boolean;

  /** Existing `kubernetes.io/tls` Secret to mount. @default - none */
  readonly secretName?: string;

  /** `MIN_TLS_VERSION`; production needs 1.2 or later. @default '1.2' */
  readonly minVersion?: TlsVersion;

  /** `MAX_TLS_VERSION`, above `minVersion`. @default '1.3' */
  readonly maxVersion?: TlsVersion;
}

/** HTTP security headers. */
export interface SecurityHeaderSettings {
  /** `SECURITY_HEADERS_ENABLED`. @default true */
  readonly enabled?: boolean;

  /** `HSTS_MAX_AGE` in seconds, positive when headers are on. @default 31536000 */
  readonly hstsMaxAgeSeconds?: number;

  /** `CONTENT_SECURITY_POLICY`. @default "default-src 'self'" */
  readonly contentSecurityPolicy?: string;
}

/** Logging of request details that may hold personal data. */
export interface SensitiveLoggingSettings {
  /** `LOG_SENSITIVE_DATA`; only allowed in development. @default false */
  readonly sensitiveData?: boolean;

  /** `LOG_REQUEST_HEADERS`; only allowed in development. @default false */
  readonly requestHeaders?: boolean;

  /** `LOG_RESPONSE_BODY`; only allowed in development. @default false */
  readonly responseBody?: boolean;
}

/** Settings both services read with the same names and rules. */
export interface CommonServiceSettings {
  /** `LOG_LEVEL`. @default 'info' */
  readonly logLevel?: LogLevel;

  /** `LOG_JSON_FORMAT`. @default true */
  readonly logJsonFormat?: boolean;

  /** Database pool. @default - see {@link DatabasePoolSettings} */
  readonly database?: DatabasePoolSettings;

  /** Rate limiting. @default - see {@link RateLimitSettings} */
  readonly rateLimit?: RateLimitSettings;

  /** In-pod TLS. @default - off */
  readonly tls?: ServiceTlsSettings;

  /** Security headers. @default - see {@link SecurityHeaderSettings} */
  readonly securityHeaders?: SecurityHeaderSettings;

  /** Sensitive logging. @default - all off */
  readonly sensitiveLogging?: SensitiveLoggingSettings;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error', 'fatal', 'panic'];
const TLS_VERSIONS: readonly TlsVersion[] = ['1.0', '1.1', '1.2', '1.3'];

/** Where a mounted TLS Secret's files are found in the container. */
export const TLS_MOUNT_PATH = '/etc/go-chat-ai/tls';

/**
 * The environment of {@link CommonServiceSettings}, after checking the rules
 * the services enforce at start-up, so that a bad value fails the synth
 * rather than the rollout.
 */
export function commonSettingsEnv(
  settings: CommonServiceSettings,
  environment: AppEnvironment,
  where: string,
): Record<string, string> {
  const rate = settings.rateLimit ?? {};
  const tls = settings.tls ?? {};
  const headers = settings.securityHeaders ?? {};
  const logging = settings.sensitiveLogging ?? {};
  const check = new RuleCheck(where);
  const base = baseSettingsEnv(settings, environment, check);
  check.oneOf('tls.minVersion', tls.minVersion ?? '1.2', TLS_VERSIONS);
  check.oneOf('tls.maxVersion', tls.maxVersion ?? '1.3', TLS_VERSIONS);
  for (const [field, value] of [
    ['rateLimit.enabled', rate.enabled],
    ['tls.enabled', tls.enabled], ['securityHeaders.enabled', headers.enabled],
    ...Object.entries(logging).map(([key, v]) => [`sensitiveLogging.${key}`, v]),
  ] as [string, unknown][]) {
    check.rule(value === undefined || typeof value === 'boolean',
      `${field} is ${JSON.stringify(value)}; expected true or false`);
  }

  const requests = check.whole('rateLimit.requests', rate.requests ?? 100, 1, 10000);
  const window = check.whole('rateLimit.windowSeconds', rate.windowSeconds ?? 60, 1, 3600);

  const minTls = tls.minVersion ?? '1.2';
  const maxTls = tls.maxVersion ?? '1.3';
  check.rule(minTls < maxTls, `tls.minVersion ${minTls} is not below tls.maxVersion `
    + `${maxTls}; the services need min < max`);
  check.rule(environment !== 'production' || minTls >= '1.2', `tls.minVersion is ${minTls} `
    + 'in production; use 1.2 or later');
  check.rule(!(tls.enabled ?? false) || tls.secretName !== undefined, 'tls.enabled is true '
    + 'but tls.secretName is not set; name the kubernetes.io/tls Secret to mount');

  const headersOn = headers.enabled ?? true;
  const hsts = headers.hstsMaxAgeSeconds ?? 31536000;
  check.rule(!headersOn || (Number.isInteger(hsts) && hsts > 0), `securityHeaders.`
    + `hstsMaxAgeSeconds is ${hsts}; it must be a positive whole number when headers are on`);

  for (const [field, value] of Object.entries(logging)) {
    check.rule(environment === 'development' || value !== true, `sensitiveLogging.${field} `
      + `is true in ${environment}; it is only allowed in development`);
  }

  check.throwIfAny();
  return {
    ...base,
    RATE_LIMIT_ENABLED: String(rate.enabled ?? true),
    RATE_LIMIT_REQUESTS: String(requests),
    RATE_LIMIT_WINDOW: String(window),
    TLS_ENABLED: String(tls.enabled ?? false),
    TLS_CERT_FILE: `${TLS_MOUNT_PATH}/tls.crt`,
    TLS_KEY_FILE: `${TLS_MOUNT_PATH}/tls.key`,
    MIN_TLS_VERSION: minTls,
    MAX_TLS_VERSION: maxTls,
    SECURITY_HEADERS_ENABLED: String(headersOn),
    HSTS_MAX_AGE: String(hsts),
    CONTENT_SECURITY_POLICY: headers.contentSecurityPolicy ?? "default-src 'self'",
    LOG_SENSITIVE_DATA: String(logging.sensitiveData ?? false),
    LOG_REQUEST_HEADERS: String(logging.requestHeaders ?? false),
    LOG_RESPONSE_BODY: String(logging.responseBody ?? false),
  };
}

/**
 * What every platform service reads the same way: `APP_ENV`, the log format
 * and the database pool. Broken rules go into `check`, to be reported with
 * the service's own.
 */
export function baseSettingsEnv(
  settings: Pick<CommonServiceSettings, 'logLevel' | 'logJsonFormat' | 'database'>,
  environment: AppEnvironment,
  check: RuleCheck,
): Record<string, string> {
  const db = settings.database ?? {};
  const sslMode = db.sslMode ?? 'disable';
  check.oneOf('environment', environment, ['development', 'staging', 'production']);
  check.oneOf('logLevel', settings.logLevel ?? 'info', LOG_LEVELS);
  check.oneOf('database.sslMode', sslMode, ['disable', 'require', 'verify-full']);
  check.rule(settings.logJsonFormat === undefined || typeof settings.logJsonFormat === 'boolean',
    `logJsonFormat is ${JSON.stringify(settings.logJsonFormat)}; expected true or false`);

  const maxConnections = check.whole('database.maxConnections', db.maxConnections ?? 25, 1);
  const maxIdle = check.whole('database.maxIdleConnections', db.maxIdleConnections ?? 5, 1);
  check.rule(maxIdle <= maxConnections, `database.maxIdleConnections is ${maxIdle}, above `
    + `database.maxConnections ${maxConnections}; idle connections must be <= max`);
  check.rule(environment !== 'production' || sslMode !== 'disable', 'database.sslMode is '
    + '"disable" in production; use "require" or "verify-full"');

  return {
    APP_ENV: environment,
    LOG_LEVEL: settings.logLevel ?? 'info',
    LOG_JSON_FORMAT: String(settings.logJsonFormat ?? true),
    DB_SSL_MODE: sslMode,
    DB_MAX_CONNECTIONS: String(maxConnections),
    DB_MAX_IDLE_CONNECTIONS: String(maxIdle),
  };
}

/** Collects every broken rule of a service's settings, to report them together. */
export class RuleCheck {

  private readonly problems: string[] = [];

  constructor(private readonly where: string) {}

  /** Records `message` unless `holds`. */
  public rule(holds: boolean, message: string): void {
    if (!holds) {
      this.problems.push(message);
    }
  }

  /** Records a setting that is not one of the accepted values. */
  public oneOf(field: string, value: unknown, accepted: readonly string[]): void {
    this.rule(accepted.includes(value as string), `${field} is ${JSON.stringify(value)}; `
      + `expected one of ${accepted.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** Checks that a setting is a whole number in range, returning it. */
  public whole(field: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER) {
    this.rule(Number.isInteger(value) && value >= min && value <= max,
      `${field} is ${JSON.stringify(value)}; expected a whole number from ${min}`
      + (max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`));
    return value;
  }

  /** Throws one error listing every broken rule, if any. */
  public throwIfAny(): void {
    if (this.problems.length > 0) {
      throw new Error(`${this.where}: invalid settings:\n  - ${this.problems.join('\n  - ')}`);
    }
  }
}
