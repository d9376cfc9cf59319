import { Construct } from 'constructs';
import {
  CommonServiceSettings, RuleCheck, TLS_MOUNT_PATH, commonSettingsEnv,
} from '../service-settings';
import { WorkloadOptions } from './auth-service';
import { authServiceFor, authServiceSettings } from './auth-service-client';
import { databaseSecretEnv, databaseSettings } from './database';
import { NetworkEndpoint } from './network-policies';
import { PlatformService, SecretMount, ServicePorts } from './platform-service';
import { ServiceBaseProps } from './service-base-props';

/** The OpenAI API as chat-service uses it. */
export interface OpenAiSettings {
  /** `OPENAI_MODEL`. @default 'gpt-4o-mini' */
  readonly model?: string;

  /** `OPENAI_MAX_TOKENS`. @default 1000 */
  readonly maxTokens?: number;

  /** `OPENAI_TEMPERATURE`, 0-2. @default 0.7 */
  readonly temperature?: number;

  /** `OPENAI_TIMEOUT` in seconds. @default 30 */
  readonly timeoutSeconds?: number;
}

/** Settings only chat-service reads. */
export interface ChatSettings extends CommonServiceSettings {
  /** OpenAI request settings. @default - see {@link OpenAiSettings} */
  readonly openAi?: OpenAiSettings;

  /** `MIGRATIONS_DIR`, the SQL migrations inside the image. @default '/app/migrations' */
  readonly migrationsDir?: string;

  /** `DB_CONNECTION_TIMEOUT` in seconds. @default 10 */
  readonly databaseConnectionTimeoutSeconds?: number;

  /**
   * Existing Secret with `ca.crt` (and for mTLS `tls.crt`, `tls.key`) to call
   * auth-service over TLS; sets `AUTH_SERVICE_TLS=true`.
   * @default - plain gRPC inside the namespace
   */
  readonly authServiceTlsSecretName?: string;
}

/** The gRPC server chat-service authenticates requests against. */
export interface AuthServiceEndpoint {
  /** The auth-service workload. */
  readonly service: PlatformService;
}

/** Props of {@link ChatService}. */
export interface ChatServiceProps extends ServiceBaseProps {
  /** Listening ports. @default - gRPC 8082, REST 8083 */
  readonly ports?: ServicePorts;

  /** auth-service, whose gRPC port chat-service calls. */
  readonly authService: AuthServiceEndpoint;

  /** Existing Secret with key `api-key`, the OpenAI API key. */
  readonly openAiSecretName: string;

  /** The service's settings. @default - see {@link ChatSettings} */
  readonly settings?: ChatSettings;

  /** Replicas, autoscaling, resources, ingress, metrics. @default - two pods, no Ingress */
  readonly workload?: WorkloadOptions;
}

/** Default ports of chat-service. */
export const CHAT_SERVICE_PORTS: ServicePorts = { grpc: 8082, rest: 8083 };

const AUTH_CA_MOUNT_PATH = '/etc/go-chat-ai/auth-service-ca';

/**
 * chat-service: forwards prompts to the OpenAI API and stores the history. It
 * calls auth-service over gRPC, its own PostgreSQL database, and
 * `api.openai.com` on 443, the only egress to the internet in the platform.
 */
export class ChatService extends Construct {

  /** The underlying workload: its Service, ports and pods. */
  public readonly service: PlatformService;

  constructor(scope: Construct, id: string, props: ChatServiceProps) {
    super(scope, id);
    const { database } = props;
    const settings = props.settings ?? {};
    const auth = authServiceFor(this, 'chat-service', props.authService, props.namespace);
    const tlsSecret = settings.tls?.enabled ? settings.tls.secretName : undefined;
    const mounts: SecretMount[] = [];
    if (tlsSecret !== undefined) {
      mounts.push({ secretName: tlsSecret, mountPath: TLS_MOUNT_PATH });
    }

    const authCaSecret = settings.authServiceTlsSecretName;
    if (authCaSecret !== undefined) {
      mounts.push({ secretName: authCaSecret, mountPath: AUTH_CA_MOUNT_PATH });
    }

    this.service = new PlatformService(this, 'Service', {
      ...props.workload,
      name: 'chat-service',
      namespace: props.namespace,
      instance: props.instance,
      component: 'chat',
      image: props.image,
      ports: props.ports ?? CHAT_SERVICE_PORTS,
      settings: {
        ...commonSettingsEnv(settings, props.environment, this.node.path),
        ...chatSettingsEnv(settings, this.node.path),
        ...authServiceSettings(auth),
        AUTH_SERVICE_TLS: String(authCaSecret !== undefined),
        ...(authCaSecret === undefined ? {} : {
          AUTH_SERVICE_CA_FILE: `${AUTH_CA_MOUNT_PATH}/ca.crt`,
        }),
        ...databaseSettings(database, settings.database?.sslMode ?? 'disable', this.node.path),
      },
      secretEnv: {
        ...databaseSecretEnv(database),
        OPENAI_API_KEY: { secretName: props.openAiSecretName, key: 'api-key' },
      },
      secretMounts: mounts,
      servesTls: tlsSecret !== undefined,
      networkPolicies: props.networkPolicies,
    });

    const policies = props.networkPolicies;
    if (policies !== undefined) {
      const self = this.service.endpoint;
      policies.allow(self, auth.endpoint, [{ port: auth.ports.grpc }]);
      policies.allow(self, database.endpoint, [{ port: database.port }]);
      policies.allow(self, NetworkEndpoint.internet(), [{ port: 443 }]);
    }
  }
}

function chatSettingsEnv(settings: ChatSettings, where: string): Record<string, string> {
  const check = new RuleCheck(where);
  const openAi = settings.openAi ?? {};
  const temperature = openAi.temperature ?? 0.7;
  check.rule(temperature >= 0 && temperature <= 2, `openAi.temperature is ${temperature}; `
    + 'expected a number from 0 to 2');

  const env = {
    OPENAI_MODEL: openAi.model ?? 'gpt-4o-mini',
    OPENAI_MAX_TOKENS: String(check.whole('openAi.maxTokens', openAi.maxTokens ?? 1000, 1)),
    OPENAI_TEMPERATURE: String(temperature),
    OPENAI_TIMEOUT: String(check.whole('openAi.timeoutSeconds',
      openAi.timeoutSeconds ?? 30, 1)),
    MIGRATIONS_DIR: settings.migrationsDir ?? '/app/migrations',
    DB_CONNECTION_TIMEOUT: String(check.whole('databaseConnectionTimeoutSeconds',
      settings.databaseConnectionTimeoutSeconds ?? 10, 1)),
  };
  check.throwIfAny();
  return env;
}
