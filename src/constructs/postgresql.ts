import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ImageReference, imageVersion, renderImage } from '../image';
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

  /** One database and owning user per service, created on first start. */
  readonly databases: readonly ServiceDatabase[];
}

const NAME = 'postgresql';
const PORT = 5432;
// the uid of the `postgres` user in the official Debian-based image
const POSTGRES_UID = 999;
const INIT_SCRIPT = `#!/bin/sh
# Creates each service's user and database; skips those that exist.
set -eu
create() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \\
    -v db="$1" -v owner="$2" -v password="$3" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'owner', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \\gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec
SQL
}
`;

/**
 * PostgreSQL in the cluster: one pod of the official image on a
 * PersistentVolumeClaim, behind a headless Service, creating a database and
 * user per service from the services' own Secrets when it first starts.
 */
export class Postgresql extends Construct implements IPostgres {

  /** In-cluster DNS name of the server. */
  public readonly host: string;

  /** TCP port of the server. */
  public readonly port = PORT;

  /** The server's pods, as one end of a NetworkPolicy flow. */
  public readonly endpoint: NetworkEndpoint;

  private readonly databases: readonly ServiceDatabase[];

  constructor(scope: Construct, id: string, props: PostgresqlProps) {
    super(scope, id);
    const image = props.image ?? { repository: 'postgres', tag: '16.4' };
    const identity: ComponentIdentity = {
      name: NAME, component: 'database', instance: props.instance,
      version: imageVersion(image),
    };
    this.databases = props.databases;
    this.host = `${NAME}.${props.namespace}.svc.cluster.local`;
    this.endpoint = NetworkEndpoint.pods(NAME, selectorLabels(identity),
      componentLabels(identity));
    validateDatabaseNames(props.databases, this.node.path);

    new k8s.KubeConfigMap(this, 'InitScripts', {
      metadata: { name: `${NAME}-init`, namespace: props.namespace,
        labels: componentLabels(identity) },
      data: { '10-service-databases.sh': initScript(props.databases) },
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
      image: renderImage(image, this.node.path),
      port: { name: 'postgresql', number: PORT },
      uid: POSTGRES_UID,
      dataPath: '/var/lib/postgresql/data',
      storage: props.storage,
      resources: props.resources ?? {
        cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '512Mi',
      },
      container: {
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
        { name: 'init-scripts', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
        { name: 'run', mountPath: '/var/run/postgresql' },
      ],
      extraVolumes: [
        { name: 'init-scripts', configMap: { name: `${NAME}-init`, defaultMode: 0o555 } },
        { name: 'run', emptyDir: {} },
      ],
    });
  }

  public connectionFor(database: string): DatabaseConnection {
    return connectionTo(this.host, this.port, this.endpoint,
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

function initScript(databases: readonly ServiceDatabase[]): string {
  const calls = databases.map((db, i) =>
    `create ${db.name} "$SERVICE_DB_${i}_USERNAME" "$SERVICE_DB_${i}_PASSWORD"`);
  return `${INIT_SCRIPT}${calls.join('\n')}\n`;
}
