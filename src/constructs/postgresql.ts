import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageReference, checkMajorVersion, imageVersion, renderImage } from '../image';
import { ComponentIdentity, componentLabels, selectorLabels } from '../labels';
import { ComputeResources } from '../resources';
import { SecretKeyReference, secretEnvVar } from '../secret-reference';
import {
  DatabaseConnection, IPostgres, ServiceDatabase, connectionTo, findDatabase,
} from './database';
import { NetworkEndpoint } from './network-policies';
import { StorageOptions, createStatefulStore } from './stateful-store';

/** Props of {@link Postgresql}. */
export interface PostgresqlProps {
  /** Namespace the server runs in. */
  readonly namespace: string;

  /** `app.kubernetes.io/instance`, the installation of the platform. */
  readonly instance: string;

  /** Official `postgres` image, 15 or later. @default postgres:16.4 */
  readonly image?: ImageReference;

  /** The data volume. */
  readonly storage: StorageOptions;

  /** Container CPU and memory. @default - 250m/256Mi requested, 512Mi memory limit */
  readonly resources?: ComputeResources;

  /** Secret key holding the superuser's password. */
  readonly superuserPassword: SecretKeyReference;

  /** One database and owning user per service, ensured on every start. */
  readonly databases: readonly ServiceDatabase[];

  /** `max_connections` of the server. @default 100 */
  readonly maxConnections?: number;
}

const NAME = 'postgresql';
const PORT = 5432;
// the uid of the `postgres` user in the official Debian-based image
const POSTGRES_UID = 999;
const ENSURE_SCRIPT = `#!/bin/sh
# Creates each service's role and database, or brings the role's password in
# line with its Secret; safe to run on every start. Each database is its
# owner's alone: PUBLIC's default CONNECT and TEMP are revoked.
set -eu
export PGHOST="\${PGHOST:-127.0.0.1}" PGPORT="\${PGPORT:-${PORT}}" PGUSER=postgres
export PGPASSWORD="$POSTGRES_PASSWORD"
waited=0
until pg_isready --quiet; do
  waited=$((waited + 2))
  if [ "$waited" -gt 300 ]; then
    echo "PostgreSQL did not accept connections within 300 s" >&2
    exit 1
  fi
  sleep 2
done
ensure() {
  # the password travels in the environment, never on a command line
  SERVICE_PASSWORD="$3" psql --quiet -v ON_ERROR_STOP=1 --dbname=postgres \\
    -v db="$1" -v owner="$2" <<'SQL'
\\getenv password SERVICE_PASSWORD
SELECT format('CREATE ROLE %I LOGIN', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \\gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'owner', :'password') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'db') \\gexec
SQL
}
`;

/**
 * PostgreSQL in the cluster: one pod of the official image on a
 * PersistentVolumeClaim that outlives the StatefulSet, behind a headless
 * Service. On every start it ensures a database and user per service, with
 * the passwords of the services' own Secrets.
 */
export class Postgresql extends Construct implements IPostgres {

  /** In-cluster DNS name of the server. */
  public readonly host: string;

  /** TCP port of the server. */
  public readonly port = PORT;

  /** The server's pods, as one end of a NetworkPolicy flow. */
  public readonly endpoint: NetworkEndpoint;

  /** `max_connections` of the server. */
  public readonly maxConnections: number;

  /** The server's image, which the backup and restore jobs use too. */
  public readonly image: string;

  /** The version the image runs, for labels. */
  public readonly version: string;

  /** Namespace the server runs in. */
  public readonly namespace: string;

  /** `app.kubernetes.io/instance` of the server. */
  public readonly instance: string;

  /** Secret key of the superuser's password. */
  public readonly superuserPassword: SecretKeyReference;

  /** Names of the service databases, in declaration order. */
  public readonly databaseNames: readonly string[];

  private readonly databases: readonly ServiceDatabase[];

  constructor(scope: Construct, id: string, props: PostgresqlProps) {
    super(scope, id);
    const image = props.image ?? { repository: 'postgres', tag: '16.4' };
    const identity: ComponentIdentity = {
      name: NAME, component: 'database', instance: props.instance,
      version: imageVersion(image),
    };
    this.databases = props.databases;
    this.maxConnections = props.maxConnections ?? 100;
    this.image = renderImage(image, this.node.path);
    checkMajorVersion(image, 15, 'PostgreSQL', this.node.path);
    this.version = imageVersion(image);
    this.namespace = props.namespace;
    this.instance = props.instance;
    this.superuserPassword = props.superuserPassword;
    this.databaseNames = props.databases.map((db) => db.name);
    this.host = `${NAME}.${props.namespace}.svc.cluster.local`;
    this.endpoint = NetworkEndpoint.pods(NAME, selectorLabels(identity),
      componentLabels(identity));
    validateDatabaseNames(props.databases, this.node.path);
    if (!Number.isInteger(this.maxConnections) || this.maxConnections < 10) {
      throw new Error(`${this.node.path}: maxConnections is ${this.maxConnections}; `
        + 'expected a whole number of at least 10');
    }

    new k8s.KubeConfigMap(this, 'Scripts', {
      metadata: { name: `${NAME}-scripts`, namespace: props.namespace,
        labels: componentLabels(identity) },
      data: { 'ensure-databases.sh': ensureScript(props.databases) },
    });

    const ready: k8s.Probe = {
      exec: { command: ['pg_isready', '--host=127.0.0.1', `--port=${PORT}`,
        '--username=postgres'] },
      periodSeconds: 10,
      timeoutSeconds: 5,
    };
    createStatefulStore(this, {
      identity,
      namespace: props.namespace,
      image: this.image,
      port: { name: 'postgresql', number: PORT },
      uid: POSTGRES_UID,
      dataPath: '/var/lib/postgresql/data',
      storage: props.storage,
      resources: props.resources ?? {
        cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '512Mi',
      },
      container: {
        args: ['postgres', '-c', `max_connections=${this.maxConnections}`],
        // the hook's output goes to the server's stdout, so `kubectl logs` shows it
        lifecycle: { postStart: { exec: { command: ['sh', '-c',
          'sh /scripts/ensure-databases.sh > /proc/1/fd/1 2>&1'] } } },
        env: [
          secretEnvVar('POSTGRES_PASSWORD', props.superuserPassword),
          // a sub-directory, because a fresh volume's root holds lost+found
          { name: 'PGDATA', value: '/var/lib/postgresql/data/pgdata' },
          ...props.databases.flatMap((db, i) => [
            secretEnvVar(`SERVICE_DB_${i}_USERNAME`,
              { secretName: db.secretName, key: db.usernameKey ?? 'username' }),
            secretEnvVar(`SERVICE_DB_${i}_PASSWORD`,
              { secretName: db.secretName, key: db.passwordKey ?? 'password' }),
          ]),
        ],
        startupProbe: { ...ready, failureThreshold: 30, periodSeconds: 5 },
        readinessProbe: ready,
        livenessProbe: { ...ready, periodSeconds: 20, failureThreshold: 6 },
      },
      extraMounts: [
        { name: 'scripts', mountPath: '/scripts', readOnly: true },
        { name: 'run', mountPath: '/var/run/postgresql' },
      ],
      extraVolumes: [
        { name: 'scripts', configMap: { name: `${NAME}-scripts` } },
        { name: 'run', emptyDir: {} },
      ],
    });
  }

  public connectionFor(database: string): DatabaseConnection {
    return connectionTo(this.host, this.port, this.endpoint, false,
      findDatabase(this.databases, database, this.node.path));
  }
}

// database names are passed to psql as variables and quoted with %I, so they
// are safe; still refuse names the services' own DSNs would mangle
function validateDatabaseNames(databases: readonly ServiceDatabase[], where: string) {
  const seen = new Set<string>();
  for (const db of databases) {
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(db.name)) {
      throw new Error(`${where}: database name "${db.name}" is not accepted; use lower-case `
        + 'letters, digits and underscores, starting with a letter (at most 63)');
    }

    if (seen.has(db.name)) {
      throw new Error(`${where}: database "${db.name}" is declared twice`);
    }
    seen.add(db.name);
  }
}

function ensureScript(databases: readonly ServiceDatabase[]): string {
  const calls = databases.map((db, i) =>
    `ensure ${db.name} "$SERVICE_DB_${i}_USERNAME" "$SERVICE_DB_${i}_PASSWORD"`);
  return `${ENSURE_SCRIPT}${calls.join('\n')}\n`;
}
