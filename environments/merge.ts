import { AuthSettings } from '../src/constructs/auth-service';
import { ChatSettings } from '../src/constructs/chat-service';
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
): PlatformConfig {
  const merged = deepMerge(base, layer) as BaseLayer;
  const { services, ...platform } = merged;

  return {
    ...platform,
    name,
    auth: deepMerge(services.defaults, services.auth) as ServiceConfig<AuthSettings>,
    chat: deepMerge(services.defaults, services.chat) as ServiceConfig<ChatSettings>,
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
