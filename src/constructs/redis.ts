import { Construct } from 'constructs';
import { ImageReference, checkMajorVersion, imageVersion, renderImage } from '../image';
import { ComponentIdentity, componentLabels, selectorLabels } from '../labels';
import { ComputeResources } from '../resources';
import { SecretKeyReference, secretEnvVar } from '../secret-reference';
import { IRedis, RedisConnection } from './cache';
import { NetworkEndpoint } from './network-policies';
import { StorageOptions, createStatefulStore } from './stateful-store';

/** Props of {@link Redis}. */
export interface RedisProps {
  /** Namespace the server runs in. */
  readonly namespace: string;

  /** `app.kubernetes.io/instance`, the installation of the platform. */
  readonly instance: string;

  /** Official `redis` image, 7 or later. @default redis:7.4.1 */
  readonly image?: ImageReference;

  /** The data volume for the append-only file. */
  readonly storage: StorageOptions;

  /** Container CPU and memory. @default - 100m/128Mi requested, 256Mi memory limit */
  readonly resources?: ComputeResources;

  /** Secret key holding the password clients must give. */
  readonly password: SecretKeyReference;

  /** `maxmemory`, e.g. `200mb`; keep it below the memory limit. @default '200mb' */
  readonly maxMemory?: string;

  /**
   * `maxmemory-policy`. Sessions and rate-limit windows all carry a TTL, so
   * evicting only keys with one keeps anything permanent safe.
   * @default 'volatile-lru'
   */
  readonly maxMemoryPolicy?: RedisEvictionPolicy;
}

/** Redis' eviction policies. */
export type RedisEvictionPolicy = 'noeviction' | 'allkeys-lru' | 'allkeys-lfu'
  | 'allkeys-random' | 'volatile-lru' | 'volatile-lfu' | 'volatile-random' | 'volatile-ttl';

const NAME = 'redis';
const PORT = 6379;
// the uid of the `redis` user in the official Debian-based image
const REDIS_UID = 999;

/**
 * Redis in the cluster: one password-protected pod of the official image,
 * persisting to an append-only file on a PersistentVolumeClaim.
 */
export class Redis extends Construct implements IRedis {

  public readonly connection: RedisConnection;

  constructor(scope: Construct, id: string, props: RedisProps) {
    super(scope, id);
    const image = props.image ?? { repository: 'redis', tag: '7.4.1' };
    checkMajorVersion(image, 7, 'Redis', this.node.path);
    const maxMemory = props.maxMemory ?? '200mb';
    if (!/^[1-9][0-9]*(b|kb|mb|gb)$/.test(maxMemory)) {
      throw new Error(`${this.node.path}: maxMemory "${maxMemory}" is not a Redis size; `
        + 'give a whole number with b, kb, mb or gb, e.g. "200mb"');
    }

    const identity: ComponentIdentity = {
      name: NAME, component: 'cache', instance: props.instance, version: imageVersion(image),
    };
    this.connection = {
      host: `${NAME}.${props.namespace}.svc.cluster.local`,
      port: PORT,
      password: props.password,
      endpoint: NetworkEndpoint.pods(NAME, selectorLabels(identity), componentLabels(identity)),
    };

    // the password reaches redis-server on its command line, expanded by the
    // shell from the Secret-backed variable: it stays out of the manifests but
    // is visible to processes inside this one container
    const ping = { exec: { command: ['sh', '-c', 'redis-cli -p 6379 ping | grep -q PONG'] },
      periodSeconds: 10, timeoutSeconds: 5 };
    createStatefulStore(this, {
      identity,
      namespace: props.namespace,
      image: renderImage(image, this.node.path),
      port: { name: 'redis', number: PORT },
      uid: REDIS_UID,
      dataPath: '/data',
      storage: props.storage,
      resources: props.resources ?? {
        cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi',
      },
      container: {
        command: ['sh', '-c'],
        args: [`exec redis-server --port ${PORT} --requirepass "$REDIS_PASSWORD" `
          + '--dir /data --appendonly yes --appendfsync everysec '
          + `--maxmemory ${maxMemory} --maxmemory-policy ${props.maxMemoryPolicy ?? 'volatile-lru'}`],
        env: [
          secretEnvVar('REDIS_PASSWORD', props.password),
          // redis-cli reads this, so the probe authenticates without -a
          secretEnvVar('REDISCLI_AUTH', props.password),
        ],
        readinessProbe: ping,
        livenessProbe: { ...ping, periodSeconds: 20, failureThreshold: 6 },
      },
    });
  }
}
