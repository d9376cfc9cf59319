import { Construct } from 'constructs';
import {
  AppEnvironment, DatabasePoolSettings, LogLevel, RuleCheck, baseSettingsEnv,
} from '../service-settings';
import { WorkloadOptions } from './auth-service';
import { authServiceFor, authServiceSettings } from './auth-service-client';
import { AuthServiceEndpoint } from './chat-service';
import { databaseSecretEnv, databaseSettings } from './database';
import { PlatformService, ServicePorts } from './platform-service';
import { ServiceBaseProps } from './service-base-props';

/** Settings notification-service reads. */
export interface NotificationSettings {
  /** `LOG_LEVEL`. @default 'info' */
  readonly logLevel?: LogLevel;

  /** `LOG_JSON_FORMAT`. @default true */
  readonly logJsonFormat?: boolean;

  /** Database pool. @default - see {@link DatabasePoolSettings} */
  readonly database?: DatabasePoolSettings;
}

/** Props of {@link NotificationService}. */
export interface NotificationServiceProps extends ServiceBaseProps {
  /** Listening ports. @default - gRPC 8084, REST 8085 */
  readonly ports?: ServicePorts;

  /** auth-service, whose gRPC port notification-service calls. */
  readonly authService: AuthServiceEndpoint;

  /** The service's settings. @default - see {@link NotificationSettings} */
  readonly settings?: NotificationSettings;

  /**
   * Replicas, autoscaling, resources, metrics. There is no Ingress: the
   * service is internal. @default - two pods
   */
  readonly workload?: Omit<WorkloadOptions, 'ingress'>;
}

/** Default ports of notification-service. */
export const NOTIFICATION_SERVICE_PORTS: ServicePorts = { grpc: 8084, rest: 8085 };

/**
 * notification-service: sends users their notifications. It is internal, with
 * no Ingress; it calls auth-service over gRPC and its own PostgreSQL
 * database, and only Prometheus is let in. A service that calls it declares
 * that flow itself, with `networkPolicies.allow(caller, service.endpoint, ...)`.
 */
export class NotificationService extends Construct {

  /** The underlying workload: its Service, ports and pods. */
  public readonly service: PlatformService;

  constructor(scope: Construct, id: string, props: NotificationServiceProps) {
    super(scope, id);
    const { database } = props;
    const settings = props.settings ?? {};
    const auth = authServiceFor(this, 'notification-service', props.authService, props.namespace);

    const sslMode = settings.database?.sslMode ?? 'disable';
    this.service = new PlatformService(this, 'Service', {
      ...props.workload,
      name: 'notification-service',
      namespace: props.namespace,
      instance: props.instance,
      component: 'notifications',
      image: props.image,
      ports: props.ports ?? NOTIFICATION_SERVICE_PORTS,
      settings: {
        ...notificationSettingsEnv(settings, props.environment, this.node.path),
        ...databaseSettings(database, sslMode, this.node.path),
        ...authServiceSettings(auth),
      },
      secretEnv: databaseSecretEnv(database),
      networkPolicies: props.networkPolicies,
    });

    const policies = props.networkPolicies;
    if (policies !== undefined) {
      const self = this.service.endpoint;
      policies.allow(self, database.endpoint, [{ port: database.port }]);
      policies.allow(self, auth.endpoint, [{ port: auth.ports.grpc }]);
    }
  }
}

function notificationSettingsEnv(
  settings: NotificationSettings,
  environment: AppEnvironment,
  where: string,
): Record<string, string> {
  const check = new RuleCheck(where);
  const env = baseSettingsEnv(settings, environment, check);
  check.throwIfAny();
  return env;
}
