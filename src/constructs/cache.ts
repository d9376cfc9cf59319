import { SecretKeyReference } from '../secret-reference';
import { checkExternalServer } from './database';
import { NetworkEndpoint } from './network-policies';

/** Everything a service needs to reach Redis. */
export interface RedisConnection {
  /** Host name or IP of the server. */
  readonly host: string;

  /** TCP port of the server. */
  readonly port: number;

  /** Secret key holding the password. */
  readonly password: SecretKeyReference;

  /** The server, as the destination of a NetworkPolicy flow. */
  readonly endpoint: NetworkEndpoint;
}

/** A Redis server that services connect to, in the cluster or managed elsewhere. */
export interface IRedis {
  /** How to connect to the server. */
  readonly connection: RedisConnection;
}

/** Props of {@link ExternalRedis}. */
export interface ExternalRedisProps {
  /** Host name or IP of the managed server. */
  readonly host: string;

  /** TCP port. @default 6379 */
  readonly port?: number;

  /** Network the server's addresses are in; egress is allowed to this range. */
  readonly cidr: string;

  /** Secret key holding the password. */
  readonly password: SecretKeyReference;
}

/** A managed Redis outside the cluster; it creates no Kubernetes objects. */
export class ExternalRedis implements IRedis {

  public readonly connection: RedisConnection;

  constructor(props: ExternalRedisProps) {
    checkExternalServer('external Redis', props.host, props.port ?? 6379, props.cidr);
    this.connection = {
      host: props.host,
      port: props.port ?? 6379,
      password: props.password,
      endpoint: NetworkEndpoint.ipBlock(props.cidr),
    };
  }
}
