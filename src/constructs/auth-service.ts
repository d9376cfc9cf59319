import { Construct } from 'constructs';
import {
  CommonServiceSettings, RuleCheck, TLS_MOUNT_PATH, commonSettingsEnv,
} from '../service-settings';
import { RedisConnection } from './cache';
import { databaseSecretEnv, databaseSettings } from './database';
import { PlatformService, PlatformServiceProps, ServicePorts } from './platform-service';
import { ServiceBaseProps } from './service-base-props';

/** Password rules for new users. */
export interface PasswordPolicy {
  /** `MIN_PASSWORD_LENGTH`, 8-128. @default 12 */
  readonly minLength?: number;

  /** `REQUIRE_UPPERCASE`. @default true */
  readonly requireUppercase?: boolean;

  /** `REQUIRE_LOWERCASE`. @default true */
  readonly requireLowercase?: boolean;

  /** `REQUIRE_NUMBERS`. @default true */
  readonly requireNumbers?: boolean;

  /** `REQUIRE_SPECIAL_CHARS`. @default true */
  readonly requireSpecialChars?: boolean;
}

/** Settings only auth-service reads. */
export interface AuthSettings extends CommonServiceSettings {
  /** `ALLOWED_ORIGINS`: the `http(s)://` origins browsers may call from; not empty. */
  readonly allowedOrigins: readonly string[];

  /** `JWT_EXPIRATION_TIME`, access token lifetime in minutes. @default 15 */
  readonly accessTokenMinutes?: number;

  /** `JWT_REFRESH_EXPIRATION`, refresh token lifetime in days. @default 7 */
  readonly refreshTokenDays?: number;

  /** Password rules. @default - see {@link PasswordPolicy} */
  readonly passwordPolicy?: PasswordPolicy;

  /** `HEALTH_CHECK_TIMEOUT` in seconds. @default 5 */
  readonly healthCheckTimeoutSeconds?: number;

  /** `SERVER_READ_TIMEOUT` in seconds. @default 15 */
  readonly readTimeoutSeconds?: number;

  /** `SERVER_WRITE_TIMEOUT` in seconds. @default 15 */
  readonly writeTimeoutSeconds?: number;
}

/** Deployment shape shared by the platform's services. */
export type WorkloadOptions = Pick<PlatformServiceProps, 'replicas' | 'autoscaling'
  | 'resources' | 'minAvailable' | 'ingress' | 'metrics' | 'spreadAcrossTopology' | 'canary'>;

/** Props of {@link AuthService}. */
export interface AuthServiceProps extends ServiceBaseProps {
  /** Listening ports. @default - gRPC 8081, REST 8080, the service's own defaults */
  readonly ports?: ServicePorts;

  /** The Redis server for sessions and rate limiting. */
  readonly redis: RedisConnection;

  /**
   * Existing Secret with keys `access-token-secret` and `refresh-token-secret`,
   * each at least 32 characters.
   */
  readonly jwtSecretName: string;

  /** The service's settings. */
  readonly settings: AuthSettings;

  /** Replicas, autoscaling, resources, ingress, metrics. @default - two pods, no Ingress */
  readonly workload?: WorkloadOptions;
}

/** Default ports, as the auth service itself defaults them. */
export const AUTH_SERVICE_PORTS: ServicePorts = { grpc: 8081, rest: 8080 };

/**
 * auth-service: sign-up, sign-in, JWT access and refresh tokens. It reads its
 * database, Redis and JWT secrets from existing Secrets and talks to
 * PostgreSQL and Redis only.
 */
export class AuthService extends Construct {

  /** The underlying workload: its Service, ports and pods. */
  public readonly service: PlatformService;

  constructor(scope: Construct, id: string, props: AuthServiceProps) {
    super(scope, id);
    const { database, redis, settings } = props;
    const tlsSecret = settings.tls?.enabled ? settings.tls.secretName : undefined;

    this.service = new PlatformService(this, 'Service', {
      ...props.workload,
      name: 'auth-service',
      namespace: props.namespace,
      instance: props.instance,
      component: 'authentication',
      image: props.image,
      ports: props.ports ?? AUTH_SERVICE_PORTS,
      settings: {
        ...commonSettingsEnv(settings, props.environment, this.node.path),
        ...authSettingsEnv(settings, this.node.path),
        ...databaseSettings(database, settings.database?.sslMode ?? 'disable', this.node.path),
        REDIS_HOST: redis.host,
        REDIS_PORT: String(redis.port),
      },
      secretEnv: {
        ...databaseSecretEnv(database),
        JWT_ACCESS_TOKEN_SECRET: { secretName: props.jwtSecretName, key: 'access-token-secret' },
        JWT_REFRESH_TOKEN_SECRET: {
          secretName: props.jwtSecretName, key: 'refresh-token-secret',
        },
        REDIS_PASSWORD: redis.password,
      },
      secretMounts: tlsSecret ? [{ secretName: tlsSecret, mountPath: TLS_MOUNT_PATH }] : [],
      servesTls: tlsSecret !== undefined,
      networkPolicies: props.networkPolicies,
    });

    const policies = props.networkPolicies;
    if (policies !== undefined) {
      policies.allow(this.service.endpoint, database.endpoint, [{ port: database.port }]);
      policies.allow(this.service.endpoint, redis.endpoint, [{ port: redis.port }]);
    }
  }
}

// scheme, DNS labels and an optional port: what a browser sends as Origin
const HOST_LABEL = '[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?';
const ORIGIN = new RegExp(`^https?://${HOST_LABEL}(\\.${HOST_LABEL})*(:[0-9]{1,5})?$`);

function authSettingsEnv(settings: AuthSettings, where: string): Record<string, string> {
  const check = new RuleCheck(where);
  const password = settings.passwordPolicy ?? {};
  const origins = Array.isArray(settings.allowedOrigins) ? settings.allowedOrigins : [];
  check.rule(Array.isArray(settings.allowedOrigins), `allowedOrigins is `
    + `${JSON.stringify(settings.allowedOrigins)}; give a list of origins`);
  check.rule(origins.length > 0, 'allowedOrigins is empty; list the http(s):// origins '
    + 'of the web clients, e.g. "https://chat.example.com"');
  for (const origin of origins) {
    check.rule(ORIGIN.test(origin), `allowedOrigins `
      + `has "${origin}"; an origin is http:// or https://, a host and an optional port`);
  }

  const env = {
    ALLOWED_ORIGINS: origins.join(','),
    JWT_EXPIRATION_TIME: String(check.whole('accessTokenMinutes',
      settings.accessTokenMinutes ?? 15, 1)),
    JWT_REFRESH_EXPIRATION: String(check.whole('refreshTokenDays',
      settings.refreshTokenDays ?? 7, 1)),
    MIN_PASSWORD_LENGTH: String(check.whole('passwordPolicy.minLength',
      password.minLength ?? 12, 8, 128)),
    REQUIRE_UPPERCASE: String(password.requireUppercase ?? true),
    REQUIRE_LOWERCASE: String(password.requireLowercase ?? true),
    REQUIRE_NUMBERS: String(password.requireNumbers ?? true),
    REQUIRE_SPECIAL_CHARS: String(password.requireSpecialChars ?? true),
    HEALTH_CHECK_TIMEOUT: String(check.whole('healthCheckTimeoutSeconds',
      settings.healthCheckTimeoutSeconds ?? 5, 1)),
    SERVER_READ_TIMEOUT: String(check.whole('readTimeoutSeconds',
      settings.readTimeoutSeconds ?? 15, 1)),
    SERVER_WRITE_TIMEOUT: String(check.whole('writeTimeoutSeconds',
      settings.writeTimeoutSeconds ?? 15, 1)),
  };
  check.throwIfAny();
  return env;
}
