import { PlatformConfig } from '../src/platform-config';
import { defaults } from './defaults';
import { resolveEnvironment } from './merge';
import { staging } from './staging';
import { EnvironmentLayer } from './types';

/** Every environment this repository deploys, by name. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentLayer>> = { staging };

/** The resolved configuration of a named environment. */
export function environmentConfig(name: string): PlatformConfig {
  // own keys only: "__proto__" or "toString" are not environments
  const layer = Object.hasOwn(ENVIRONMENTS, name) ? ENVIRONMENTS[name] : undefined;
  if (layer === undefined) {
    throw new Error(`unknown environment "${name}"; known environments: `
      + Object.keys(ENVIRONMENTS).join(', '));
  }

  return resolveEnvironment(name, defaults, layer);
}
