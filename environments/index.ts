import { PlatformConfig } from '../src/platform-config';
import { defaults } from './defaults';
import { development } from './development';
import { production } from './production';
import { staging } from './staging';
import { testing } from './testing';
import { EnvironmentLayer } from './types';
import { validateEnvironment } from './validate';

/** Every environment this repository deploys, by name, in promotion order. */
export const ENVIRONMENTS: Readonly<Record<string, EnvironmentLayer>> = {
  development, testing, staging, production,
};

/** The resolved and validated configuration of a named environment. */
export function environmentConfig(name: string, copy?: string): PlatformConfig {
  // own keys only: "__proto__" or "toString" are not environments
  const layer = Object.hasOwn(ENVIRONMENTS, name) ? ENVIRONMENTS[name] : undefined;
  if (layer === undefined) {
    throw new Error(`unknown environment "${name}"; known environments: `
      + Object.keys(ENVIRONMENTS).join(', '));
  }

  return validateEnvironment(name, defaults, layer, copy);
}
