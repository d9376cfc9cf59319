import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ComponentIdentity, componentLabels, selectorLabels } from '../labels';
import {
  restrictedContainerSecurityContext, restrictedPodSecurityContext, tmpVolume,
  tmpVolumeMount,
} from '../pod-security';
import { ComputeResources, renderResources } from '../resources';
import { secretEnvVar } from '../secret-reference';
import { NetworkEndpoint, NetworkPolicies } from './network-policies';
import { Postgresql } from './postgresql';
import { StorageOptions, checkStorage } from './stateful-store';

/** Props of {@link PostgresqlBackup}. */
export interface PostgresqlBackupProps {
  /** The in-cluster server to back up. */
  readonly server: Postgresql;

  /** Cron schedule of the backup, in `timeZone`. @default '0 2 * * *' */
  readonly schedule?: string;

  /** Time zone of the schedule. @default 'Etc/UTC' */
  readonly timeZone?: string;

  /** Dumps kept per database; older ones are deleted. @default 7 */
  readonly keep?: number;

  /** The volume the dumps are written to. */
  readonly storage: StorageOptions;

  /** CPU and memory of a backup or restore run. @default - 100m/128Mi requested, 512Mi limit */
  readonly resources?: ComputeResources;

  /** Where to declare the jobs' flow to the server. @default - none declared */
  readonly networkPolicies?: NetworkPolicies;
}

/** Name of the CronJob, its pods and the NetworkPolicy that lets them out. */
export const BACKUP_NAME = 'postgresql-backup';

/** Name of the PersistentVolumeClaim the dumps live on. */
export const BACKUP_CLAIM = 'postgresql-backups';

const BACKUP_PATH = '/backups';
const SCRIPTS_PATH = '/scripts';
// five fields, each a number, range, list, step or `*`
const CRON = /^(\S+\s+){4}\S+$/;
const CRON_FIELD = /^(\*|[0-9]+(-[0-9]+)?)(\/[0-9]+)?(,(\*|[0-9]+(-[0-9]+)?)(\/[0-9]+)?)*$/;

// pg_dump to a partial file renamed on success, so a failed run never looks
// like a good dump; `last-success` is what the alert and the README check
const BACKUP_SCRIPT = `#!/bin/sh
set -eu
root="\${BACKUP_DIR:-${BACKUP_PATH}}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
for db in $DATABASES; do
  dir="$root/$db"
  mkdir -p "$dir"
  pg_dump --format=custom --file="$dir/$db-$stamp.dump.partial" --dbname="$db"
  mv "$dir/$db-$stamp.dump.partial" "$dir/$db-$stamp.dump"
  echo "wrote $dir/$db-$stamp.dump ($(wc -c < "$dir/$db-$stamp.dump") bytes)"
  ls -1 "$dir" | grep '\\.dump$' | sort -r | tail -n "+$((KEEP + 1))" | while read -r old; do
    rm -f -- "$dir/$old"
    echo "deleted $dir/$old"
  done
done
echo "$stamp" > "$root/last-success"
`;

const RESTORE_SCRIPT = `#!/bin/sh
set -eu
root="\${BACKUP_DIR:-${BACKUP_PATH}}"
dump="$root/$DATABASE/$DUMP"
if [ ! -f "$dump" ]; then
  echo "no dump $dump; the dumps of $DATABASE are:" >&2
  ls -1 "$root/$DATABASE" >&2 || true
  exit 1
fi
pg_restore --clean --if-exists --exit-on-error --dbname="$DATABASE" "$dump"
echo "restored $DATABASE from $dump"
`;

/**
 * Nightly `pg_dump` of every service database, in custom format, onto a
 * volume of its own that keeps the last `keep` dumps per database. The
 * restore Job for a chosen dump is rendered by {@link PostgresqlRestoreJob}.
 */
export class PostgresqlBackup extends Construct {

  /** The backup and restore pods, as one end of a NetworkPolicy flow. */
  public readonly endpoint: NetworkEndpoint;

  /** Cron schedule of the backup. */
  public readonly schedule: string;

  constructor(scope: Construct, id: string, props: PostgresqlBackupProps) {
    super(scope, id);
    const { server } = props;
    const keep = props.keep ?? 7;
    this.schedule = props.schedule ?? '0 2 * * *';
    validateSchedule(this.schedule, keep, this.node.path);
    checkStorage(props.storage, this.node.path);
    const identity = backupIdentity(server);
    const labels = componentLabels(identity);
    this.endpoint = NetworkEndpoint.pods(BACKUP_NAME, selectorLabels(identity), labels);

    new k8s.KubePersistentVolumeClaim(this, 'Volume', {
      metadata: { name: BACKUP_CLAIM, namespace: server.namespace, labels },
      spec: {
        accessModes: ['ReadWriteOnce'],
        storageClassName: props.storage.storageClassName,
        resources: { requests: { storage: k8s.Quantity.fromString(props.storage.size) } },
      },
    });

    new k8s.KubeConfigMap(this, 'Scripts', {
      metadata: { name: `${BACKUP_NAME}-scripts`, namespace: server.namespace, labels },
      data: { 'backup.sh': BACKUP_SCRIPT, 'restore.sh': RESTORE_SCRIPT },
    });

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: BACKUP_NAME, namespace: server.namespace, labels },
      automountServiceAccountToken: false,
    });

    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name: BACKUP_NAME, namespace: server.namespace, labels },
      spec: {
        schedule: this.schedule,
        timeZone: props.timeZone ?? 'Etc/UTC',
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          metadata: { labels },
          spec: jobSpec(server, props.resources, 'backup.sh', 2, [
            { name: 'DATABASES', value: server.databaseNames.join(' ') },
            { name: 'KEEP', value: String(keep) },
          ]),
        },
      },
    });

    props.networkPolicies?.allow(this.endpoint, server.endpoint, [{ port: server.port }]);
  }
}

/** Props of {@link PostgresqlRestoreJob}. */
export interface PostgresqlRestoreJobProps {
  /** The in-cluster server to restore into. */
  readonly server: Postgresql;

  /** The database to restore, one of the server's service databases. */
  readonly database: string;

  /** File name of the dump, e.g. `auth-20261204T020000Z.dump`. */
  readonly dump: string;

  /** CPU and memory of the restore. @default - 100m/128Mi requested, 512Mi limit */
  readonly resources?: ComputeResources;
}

const DUMP_NAME = /^([a-z_][a-z0-9_]*)-([0-9]{8}T[0-9]{6}Z)\.dump$/;

/**
 * A Job that restores one database from one of the backup's dumps, dropping
 * and recreating the objects the dump contains. It runs as the backup pods
 * do, so the backup's NetworkPolicy lets it reach the server.
 */
export class PostgresqlRestoreJob extends Construct {

  constructor(scope: Construct, id: string, props: PostgresqlRestoreJobProps) {
    super(scope, id);
    const { server, database, dump } = props;
    const match = DUMP_NAME.exec(dump);
    if (!server.databaseNames.includes(database)) {
      throw new Error(`${this.node.path}: database "${database}" is not one of the server's; `
        + `choose one of: ${server.databaseNames.join(', ')}`);
    }

    if (match === null || match[1] !== database) {
      throw new Error(`${this.node.path}: dump "${dump}" is not a dump of "${database}"; `
        + `expected a file name like ${database}-20261204T020000Z.dump from the backup volume`);
    }

    const name = `postgresql-restore-${database.replace(/_/g, '-')}-${match[2].toLowerCase()}`;
    if (name.length > 63) {
      throw new Error(`${this.node.path}: the Job name "${name}" is over 63 characters; `
        + 'restore databases with names of at most 30 characters by hand');
    }

    const labels = componentLabels(backupIdentity(server));
    new k8s.KubeJob(this, 'Job', {
      metadata: {
        name,
        namespace: server.namespace,
        labels,
      },
      // a restore drops objects before it recreates them: never retry it blindly
      spec: jobSpec(server, props.resources, 'restore.sh', 0, [
        { name: 'DATABASE', value: database },
        { name: 'DUMP', value: dump },
      ]),
    });
  }
}

function backupIdentity(server: Postgresql): ComponentIdentity {
  return {
    name: BACKUP_NAME,
    component: 'backup',
    instance: server.instance,
    version: server.version,
  };
}

function jobSpec(
  server: Postgresql,
  resources: ComputeResources | undefined,
  script: string,
  backoffLimit: number,
  env: k8s.EnvVar[],
): k8s.JobSpec {
  return {
    backoffLimit,
    activeDeadlineSeconds: 3600,
    ttlSecondsAfterFinished: 7 * 24 * 3600,
    template: {
      metadata: { labels: componentLabels(backupIdentity(server)) },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: BACKUP_NAME,
        automountServiceAccountToken: false,
        securityContext: restrictedPodSecurityContext(999),
        containers: [{
          name: script.replace('.sh', ''),
          image: server.image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', `${SCRIPTS_PATH}/${script}`],
          env: [
            { name: 'PGHOST', value: server.host },
            { name: 'PGPORT', value: String(server.port) },
            { name: 'PGUSER', value: 'postgres' },
            secretEnvVar('PGPASSWORD', server.superuserPassword),
            ...env,
          ],
          resources: renderResources(resources ?? {
            cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '512Mi',
          }, server.node.path),
          securityContext: restrictedContainerSecurityContext(),
          volumeMounts: [
            { name: 'backups', mountPath: BACKUP_PATH },
            { name: 'scripts', mountPath: SCRIPTS_PATH, readOnly: true },
            tmpVolumeMount(),
          ],
        }],
        volumes: [
          { name: 'backups', persistentVolumeClaim: { claimName: BACKUP_CLAIM } },
          { name: 'scripts', configMap: { name: `${BACKUP_NAME}-scripts` } },
          tmpVolume(),
        ],
      },
    },
  };
}

function validateSchedule(schedule: string, keep: number, where: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (!CRON.test(schedule.trim()) || !fields.every((f) => CRON_FIELD.test(f))) {
    throw new Error(`${where}: backup schedule "${schedule}" is not a cron schedule; `
      + 'give five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *"');
  }

  if (!Number.isInteger(keep) || keep < 1 || keep > 365) {
    throw new Error(`${where}: keep is ${keep}; keep between 1 and 365 dumps per database`);
  }
}
