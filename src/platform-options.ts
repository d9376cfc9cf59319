import { WorkloadOptions } from './constructs/auth-service';
import { RedisOptions } from './constructs/shared-infra';
import { PlatformConfig, SECRET_NAMES, ServiceConfig } from './platform-config';

// How an environment's configuration becomes construct props, shared by the
// platform chart and any chart built the same way (the benchmark's).

/** A service's Deployment shape, Ingress, canary and metrics, from its configuration. */
export function workloadOptions(config: PlatformConfig, service: ServiceConfig): WorkloadOptions {
  return {
    replicas: service.replicas,
    autoscaling: service.autoscaling.enabled ? service.autoscaling : undefined,
    resources: service.resources,
    minAvailable: service.minAvailable,
    ingress: service.ingress ? {
      host: `${service.hostPrefix}.${config.domain}`,
      clusterIssuer: config.certificates.enabled ? config.certificates.clusterIssuer : undefined,
    } : undefined,
    spreadAcrossTopology: service.spreadAcrossTopology,
    canary: service.canary.enabled ? {
      image: { repository: service.image.repository, tag: service.canary.tag },
      weight: service.canary.weight,
      replicas: service.canary.replicas,
    } : undefined,
    metrics: {
      serviceMonitor: config.monitoring.enabled,
      interval: config.monitoring.scrapeInterval,
      monitorLabels: config.monitoring.labels,
    },
  };
}

/** The Redis server, in the cluster or managed, with the platform's Secret. */
export function redisOptions(config: PlatformConfig): RedisOptions {
  const password = { secretName: SECRET_NAMES.redis, key: 'password' };
  const { external, ...inCluster } = config.redis;
  return external !== undefined
    ? { external: { ...external, password } }
    : { ...inCluster, password };
}
