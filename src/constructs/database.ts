import { checkDnsSubdomain, checkExternalCidr, checkWholeNumber } from '../kubernetes-values';
import { SecretKeyReference } from '../secret-reference';
import { NetworkEndpoint } from './network-policies';

/** Everything a service needs to reach its own PostgreSQL database. */
export interface DatabaseConnection {
  /** Host name or IP of the server. */
  readonly host: string;

  /** TCP port of the server. */
  readonly port: number;

  /** Name of the service's database. */
  readonly database: string;

  /** Secret key holding the service's database user name. */
  readonly username: SecretKeyReference;

  /** Secret key holding that user's password. */
  readonly password: SecretKeyReference;

  /** The server, as the destination of a NetworkPolicy flow. */
  readonly endpoint: NetworkEndpoint;

  /** Whether the server accepts TLS connections (`DB_SSL_MODE` other than `disable`). */
  readonly acceptsTls: boolean;
}

/** Credentials of one service's database, kept in a Secret the operator creates. */
export interface ServiceDatabase {
  /** Database name, e.g. `auth`. */
  readonly name: string;

  /** Secret holding the user name and password of the database's owner. */
  readonly secretName: string;

  /** Key of the user name in that Secret. @default 'username' */
  readonly usernameKey?: string;

  /** Key of the password in that Secret. @default 'password' */
  readonly passwordKey?: string;
}

/**
 * A PostgreSQL server that services connect to, in the cluster or managed
 * elsewhere: both plug into the services the same way.
 */
export interface IPostgres {
  /** Connection details of one of the server's service databases. */
  connectionFor(database: string): DatabaseConnection;
}

/** Props of {@link ExternalPostgres}. */
export interface ExternalPostgresProps {
  /** Host name or IP of the managed server. */
  readonly host: string;

  /** TCP port. @default 5432 */
  readonly port?: number;

  /**
   * Network the server's addresses are in. NetworkPolicies match addresses,
   * not host names, so egress to the server is allowed to this range.
   */
  readonly cidr: string;

  /** The service databases that already exist on the server. */
  readonly databases: readonly ServiceDatabase[];
}

/** A managed PostgreSQL outside the cluster; it creates no Kubernetes objects. */
export class ExternalPostgres implements IPostgres {

  private readonly props: ExternalPostgresProps;
  private readonly endpoint: NetworkEndpoint;

  constructor(props: ExternalPostgresProps) {
    checkExternalServer('external PostgreSQL', props.host, props.port ?? 5432, props.cidr);
    this.props = props;
    this.endpoint = NetworkEndpoint.ipBlock(props.cidr);
  }

  public connectionFor(database: string): DatabaseConnection {
    return connectionTo(this.props.host, this.props.port ?? 5432, this.endpoint, true,
      findDatabase(this.props.databases, database, `external PostgreSQL ${this.props.host}`));
  }
}

/** @internal */
export function findDatabase(
  databases: readonly ServiceDatabase[],
  name: string,
  where: string,
): ServiceDatabase {
  const found = databases.find((db) => db.name === name);
  if (found === undefined) {
    const known = databases.map((db) => `"${db.name}"`).join(', ') || 'none';
    throw new Error(`${where} has no database "${name}"; declared databases: ${known}`);
  }

  return found;
}

/** @internal */
export function connectionTo(
  host: string,
  port: number,
  endpoint: NetworkEndpoint,
  acceptsTls: boolean,
  db: ServiceDatabase,
): DatabaseConnection {
  return {
    host,
    port,
    acceptsTls,
    database: db.name,
    username: { secretName: db.secretName, key: db.usernameKey ?? 'username' },
    password: { secretName: db.secretName, key: db.passwordKey ?? 'password' },
    endpoint,
  };
}

/**
 * The `POSTGRES_*` settings of a service that uses this connection, refusing
 * an SSL mode the server cannot serve: the service would fail to connect.
 */
export function databaseSettings(
  connection: DatabaseConnection,
  sslMode: string,
  where: string,
): Record<string, string> {
  if (!connection.acceptsTls && sslMode !== 'disable') {
    throw new Error(`${where}: database.sslMode is "${sslMode}", but the in-cluster `
      + 'PostgreSQL serves no TLS; use "disable", or an external server that offers TLS');
  }

  return {
    POSTGRES_HOST: connection.host,
    POSTGRES_PORT: String(connection.port),
    POSTGRES_DB: connection.database,
  };
}

/** The `POSTGRES_*` credentials of a service that uses this connection. */
export function databaseSecretEnv(
  connection: DatabaseConnection,
): Record<string, SecretKeyReference> {
  return { POSTGRES_USER: connection.username, POSTGRES_PASSWORD: connection.password };
}

/** @internal */
export function checkExternalServer(what: string, host: string, port: number, cidr: string) {
  if (!/^[0-9.]+$/.test(host)) {
    checkDnsSubdomain(host, 'host', what);
  }

  checkWholeNumber(port, 'port', what, 1, 65535);
  checkExternalCidr(cidr, 'cidr', what);
}
