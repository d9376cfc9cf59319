import { z } from 'zod';
import { quantityValue } from '../src/kubernetes-values';
import { PlatformConfig, ServiceConfig } from '../src/platform-config';
import { resolveEnvironment } from './merge';
import { LAYER_SCHEMA, RESOLVED_SCHEMA } from './schema';
import { BaseLayer, EnvironmentLayer } from './types';

/** Every problem of one or more environments' configuration, reported together. */
export class ConfigurationError extends Error {

  constructor(public readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Checks the layers of an environment, resolves it, and checks the result
 * against the rules across fields, the services' own rules and the stricter
 * production rules. Every problem is reported at once.
 */
export function validateEnvironment(
  name: string,
  base: BaseLayer,
  layer: EnvironmentLayer,
  copy?: string,
): PlatformConfig {
  const problems = [
    ...schemaProblems(`defaults`, LAYER_SCHEMA, base),
    ...schemaProblems(name, LAYER_SCHEMA, layer),
  ];
  if (problems.length > 0) {
    throw new ConfigurationError(problems);
  }

  const config = resolveEnvironment(name, base, layer, copy);
  problems.push(...copyProblems(name, config, copy));
  problems.push(...schemaProblems(name, RESOLVED_SCHEMA, config));
  if (problems.length === 0) {
    problems.push(...ruleProblems(config).map((p) => `${name}: ${p}`));
  }

  if (problems.length > 0) {
    throw new ConfigurationError(problems);
  }
  return config;
}

function schemaProblems(where: string, schema: z.ZodType, value: unknown): string[] {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) {
    return [];
  }

  return result.error.issues.map((issue) => {
    const path = issue.path.join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      return `${where}: ${path}: unknown ${issue.keys.length > 1 ? 'keys' : 'key'} `
        + `${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling`;
    }

    if (issue.input === undefined) {
      return `${where}: ${path} is missing; it is required here`;
    }
    return `${where}: ${path} is ${JSON.stringify(issue.input)}; ${issue.message}`;
  });
}

function copyProblems(name: string, config: PlatformConfig, copy?: string): string[] {
  if (copy === undefined) {
    return [];
  }

  if (!config.allowCopies) {
    return [`${name}: copies are not allowed (allowCopies is false); only environments `
      + 'meant for short-lived copies, such as testing, take --copy']; 
  }

  if (!/^[a-z0-9]([-a-z0-9]{0,18}[a-z0-9])?$/.test(copy)) {
    return [`${name}: copy name ${JSON.stringify(copy)} is not accepted; use at most 20 `
      + 'lower-case letters, digits and "-", e.g. "pr-123"'];
  }
  return [];
}

// the rules no single field can state
function ruleProblems(config: PlatformConfig): string[] {
  const problems: string[] = [];
  const rule = (holds: boolean, problem: string) => {
    if (!holds) {
      problems.push(problem);
    }
  };

  for (const [key, service] of services(config)) {
    const at = `services.${key}`;
    serviceRules(at, service, rule);
    if (config.appEnvironment === 'production') {
      productionRules(at, service, rule);
    }
    rule(config.appEnvironment === 'development' || !Object.values(
      service.settings.sensitiveLogging ?? {}).some((on) => on), `${at}.settings.`
      + 'sensitiveLogging: logging sensitive data is only allowed in development');
  }

  rule(!config.notification.ingress, 'services.notification.ingress is true; '
    + 'notification-service is internal and has no Ingress: set it to false');

  rule(config.auth.settings.allowedOrigins !== undefined
    && config.auth.settings.allowedOrigins.length > 0, 'services.auth.settings.allowedOrigins '
    + 'is empty; list the origins of the web clients');

  if (config.appEnvironment === 'production') {
    rule(config.certificates.enabled, 'certificates.enabled is false; production serves HTTPS');
    rule(config.postgresql.external !== undefined, 'postgresql.external is not set; '
      + 'production needs database TLS, which only a managed PostgreSQL serves here');
  }

  if (config.postgresql.external === undefined) {
    for (const [key, service] of services(config)) {
      rule((service.settings.database?.sslMode ?? 'disable') === 'disable',
        `services.${key}.settings.database.sslMode is "${service.settings.database?.sslMode}"; `
        + 'the in-cluster PostgreSQL serves no TLS: use "disable" or postgresql.external');
    }
  }

  return problems;
}

type Rule = (holds: boolean, problem: string) => void;

function services(config: PlatformConfig): [string, ServiceConfig][] {
  return [['auth', config.auth], ['chat', config.chat], ['notification', config.notification]];
}

function serviceRules(at: string, service: ServiceConfig, rule: Rule): void {
  const { autoscaling, resources, settings } = service;
  rule(service.ports.grpc !== service.ports.rest, `${at}.ports: grpc and rest are both `
    + `${service.ports.grpc}; the service needs two different ports`);
  rule(!autoscaling.enabled || autoscaling.minReplicas <= autoscaling.maxReplicas,
    `${at}.autoscaling: minReplicas ${autoscaling.minReplicas} is above maxReplicas `
    + `${autoscaling.maxReplicas}; min must be <= max`);
  rule(bytes(resources.memoryRequest) <= bytes(resources.memoryLimit), `${at}.resources: `
    + `memoryRequest ${resources.memoryRequest} is above memoryLimit ${resources.memoryLimit}; `
    + 'a request must be <= its limit');
  rule(resources.cpuLimit === undefined || bytes(resources.cpuRequest) <= bytes(resources.cpuLimit),
    `${at}.resources: cpuRequest ${resources.cpuRequest} is above cpuLimit `
    + `${resources.cpuLimit}; a request must be <= its limit`);

  const fewest = autoscaling.enabled ? autoscaling.minReplicas : service.replicas;
  rule(fewest < 2 || service.minAvailable < fewest, `${at}.minAvailable ${service.minAvailable} `
    + `leaves no pod to evict from ${fewest}; set it below the pod count`);

  const db = settings.database ?? {};
  rule((db.maxIdleConnections ?? 5) <= (db.maxConnections ?? 25), `${at}.settings.database: `
    + `maxIdleConnections ${db.maxIdleConnections} is above maxConnections `
    + `${db.maxConnections}; idle must be <= max`);
  const tls = settings.tls ?? {};
  rule((tls.minVersion ?? '1.2') < (tls.maxVersion ?? '1.3'), `${at}.settings.tls: minVersion `
    + `${tls.minVersion} is not below maxVersion ${tls.maxVersion}; min must be < max`);
  rule(!tls.enabled || tls.secretName !== undefined, `${at}.settings.tls.enabled is true but `
    + 'secretName is not set; name the kubernetes.io/tls Secret to mount');
  rule(!(settings.securityHeaders?.enabled ?? true)
    || (settings.securityHeaders?.hstsMaxAgeSeconds ?? 1) > 0, `${at}.settings.securityHeaders`
    + '.hstsMaxAgeSeconds must be positive while security headers are on');
  rule(!service.canary.enabled || service.canary.tag !== service.image.tag, `${at}.canary.tag `
    + `is "${service.canary.tag}", the main image's own tag; give the canary another one`);
}

function productionRules(at: string, service: ServiceConfig, rule: Rule): void {
  const { autoscaling, settings } = service;
  rule(service.replicas >= 3, `${at}.replicas is ${service.replicas}; production runs `
    + 'at least 3 pods');
  rule(!autoscaling.enabled || autoscaling.minReplicas >= 3, `${at}.autoscaling.minReplicas `
    + `is ${autoscaling.minReplicas}; production runs at least 3 pods`);
  rule(service.minAvailable >= 2, `${at}.minAvailable is ${service.minAvailable}; production `
    + 'keeps at least 2 pods through disruptions');
  rule(service.spreadAcrossTopology, `${at}.spreadAcrossTopology is false; production `
    + 'spreads pods over zones and nodes');
  rule(['require', 'verify-full'].includes(settings.database?.sslMode ?? 'disable'),
    `${at}.settings.database.sslMode is "${settings.database?.sslMode}"; production `
    + 'needs "require" or "verify-full"');
  rule((settings.tls?.minVersion ?? '1.2') >= '1.2', `${at}.settings.tls.minVersion is `
    + `${settings.tls?.minVersion}; production needs 1.2 or later`);
  rule(settings.logLevel !== 'debug', `${at}.settings.logLevel is "debug"; production `
    + 'logs at "info" or above');
}

// a quantity the schema already accepted, as a number
function bytes(quantity: string): number {
  return quantityValue(quantity, 'quantity', 'configuration');
}
