import { AuthSettings } from '../src/constructs/auth-service';
import { ChatSettings } from '../src/constructs/chat-service';
import { NotificationSettings } from '../src/constructs/notification-service';
import { PlatformConfig, ServiceConfig } from '../src/platform-config';

/** Every field optional, at any depth; arrays are replaced, not merged. */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** The per-service part of a configuration layer. */
export interface ServiceLayers {
  /** Applied to every service first. */
  readonly defaults?: DeepPartial<ServiceConfig>;

  /** auth-service, over the defaults. */
  readonly auth?: DeepPartial<ServiceConfig<AuthSettings>>;

  /** chat-service, over the defaults. */
  readonly chat?: DeepPartial<ServiceConfig<ChatSettings>>;

  /** notification-service, over the defaults. */
  readonly notification?: DeepPartial<ServiceConfig<NotificationSettings>>;
}

/** Settings of the platform that are not per service. */
export type PlatformSettings = Omit<PlatformConfig, 'name' | 'auth' | 'chat' | 'notification'>;

/** The layer all environments start from: complete but for the services' own parts. */
export interface BaseLayer extends PlatformSettings {
  /** The service layers: `defaults` must be complete. */
  readonly services: ServiceLayers & { readonly defaults: ServiceConfig };
}

/** One environment's overrides over the base layer. */
export interface EnvironmentLayer extends DeepPartial<PlatformSettings> {
  /** Per-service overrides. */
  readonly services?: ServiceLayers;
}
