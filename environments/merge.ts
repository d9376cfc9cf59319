import { AuthSettings } from '../src/constructs/auth-service';
import { ChatSettings } from '../src/constructs/chat-service';
import { NotificationSettings } from '../src/constructs/notification-service';
import { PlatformConfig, ServiceConfig } from '../src/platform-config';
import { BaseLayer, EnvironmentLayer } from './types';

/**
 * Resolves one environment: the base layer, then the environment's layer,
 * then per service its `defaults` followed by its own section.
 */
export function resolveEnvironment(
  name: string,
  base: BaseLayer,
  layer: EnvironmentLayer,
  copy?: string,
): PlatformConfig {
  const merged = deepMerge(base, layer) as BaseLayer;
  const { services, ...platform } = merged;

  const config: PlatformConfig = {
    ...platform,
    name,
    auth: deepMerge(services.defaults, services.auth) as ServiceConfig<AuthSettings>,
    chat: deepMerge(services.defaults, services.chat) as ServiceConfig<ChatSettings>,
    notification: deepMerge(services.defaults, services.notification) as
      ServiceConfig<NotificationSettings>,
  };
  return copy === undefined ? config : asCopy(config, copy);
}

/**
 * One of several copies of an environment in one cluster: its name, namespace
 * and hosts carry the copy's name, and auth-service accepts its chat host.
 */
function asCopy(config: PlatformConfig, copy: string): PlatformConfig {
  const suffix = `-${copy}`;
  const scheme = config.certificates.enabled ? 'https' : 'http';
  const chatPrefix = `${config.chat.hostPrefix}${suffix}`;
  return {
    ...config,
    name: `${config.name}${suffix}`,
    namespace: `${config.namespace}${suffix}`,
    auth: {
      ...config.auth,
      hostPrefix: `${config.auth.hostPrefix}${suffix}`,
      settings: {
        ...config.auth.settings,
        allowedOrigins: [...config.auth.settings.allowedOrigins,
          `${scheme}://${chatPrefix}.${config.domain}`],
      },
    },
    chat: { ...config.chat, hostPrefix: chatPrefix },
  };
}

/** Merges plain objects key by key; arrays and other values replace what is below. */
export function deepMerge(below: unknown, above: unknown): unknown {
  if (above === undefined) {
    return below;
  }

  if (!isPlainObject(below) || !isPlainObject(above)) {
    return above;
  }

  const result: Record<string, unknown> = { ...below };
  for (const [key, value] of Object.entries(above)) {
    result[key] = deepMerge(below[key], value);
  }

  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
