import { basename } from 'node:path';
import { BACKUP_CLAIM, BACKUP_NAME } from '../../src/constructs/postgresql-backup';
import { PART_OF } from '../../src/labels';
import { CliError } from '../errors';
import { KubeObject } from '../manifests';

/** The name of the short-lived pod a dump is copied in through. */
export const LOADER_NAME = 'dump-loader';

// the file names the backup writes and the restore accepts
const DUMP_NAME = /^([a-z_][a-z0-9_]*)-([0-9]{8}T[0-9]{6}Z)\.dump$/;

interface PodSpec {
  readonly securityContext?: unknown;
  readonly containers: { image: string; securityContext?: unknown;
    env?: { name: string; value?: string }[];
    volumeMounts?: { name: string; mountPath: string }[] }[];
  readonly volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
}

/** Where a dump file goes on the backup volume, and the pod that puts it there. */
export interface DumpUpload {
  /** The database the dump is of, from its file name. */
  readonly database: string;

  /** Its path inside the loader pod, as the restore Job will look for it. */
  readonly destination: string;

  /** The loader pod. */
  readonly pod: KubeObject;
}

/**
 * A pod that mounts the backup volume as the backup job does, with the same
 * image, user and restricted security context (read off the synthesized
 * CronJob, not repeated here), and waits while `kubectl cp` writes the dump.
 */
export function dumpUpload(objects: readonly KubeObject[], environment: string, file: string):
  DumpUpload {
  const cronJob = objects.find((o) => o.kind === 'CronJob' && o.metadata.name === BACKUP_NAME);
  if (cronJob === undefined) {
    throw new CliError(`${environment} has no in-cluster PostgreSQL with backups; restore a `
      + "managed server with its provider's tools", 2);
  }

  const spec = (cronJob.spec as { jobTemplate: { spec: { template: { spec: PodSpec } } } })
    .jobTemplate.spec.template.spec;
  const [container] = spec.containers;
  const databases = (container.env?.find((e) => e.name === 'DATABASES')?.value ?? '').split(' ');
  const match = DUMP_NAME.exec(basename(file));
  if (match === null || !databases.includes(match[1])) {
    throw new CliError(`${basename(file)} is not named as the restore expects; name the dump `
      + `<database>-<UTC stamp>.dump with a database of ${databases.join(', ')}, e.g. `
      + `${databases[0]}-20261204T020000Z.dump`, 2);
  }

  const volume = spec.volumes?.find((v) => v.persistentVolumeClaim?.claimName === BACKUP_CLAIM);
  const mount = container.volumeMounts?.find((m) => m.name === volume?.name);
  if (volume === undefined || mount === undefined) {
    throw new Error(`the ${BACKUP_NAME} CronJob does not mount ${BACKUP_CLAIM}`);
  }

  const folder = `${mount.mountPath}/${match[1]}`;
  return {
    database: match[1],
    destination: `${folder}/${basename(file)}`,
    pod: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: LOADER_NAME,
        namespace: cronJob.metadata.namespace,
        labels: { 'app.kubernetes.io/name': LOADER_NAME, 'app.kubernetes.io/part-of': PART_OF },
      },
      spec: {
        restartPolicy: 'Never',
        // gone on its own within the half hour should the command not get to delete it
        activeDeadlineSeconds: 1800,
        automountServiceAccountToken: false,
        securityContext: spec.securityContext,
        containers: [{
          name: 'loader',
          image: container.image,
          command: ['sh', '-c', `mkdir -p ${folder} && exec sleep 1800`],
          securityContext: container.securityContext,
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '64Mi' } },
          volumeMounts: [mount],
        }],
        volumes: [volume],
      },
    },
  };
}
