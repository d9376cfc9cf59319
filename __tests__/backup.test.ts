import { Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { environmentConfig } from '../environments';
import { defaults } from '../environments/defaults';
import { deepMerge, resolveEnvironment } from '../environments/merge';
import { staging } from '../environments/staging';
import { EnvironmentLayer } from '../environments/types';
import { SharedInfra } from '../src';
import { restoreJobYaml } from '../src/restore-manifest';
import { validateManifests } from '../validation/kube-schema';
import { NetworkPolicyObject, isAllowed } from '../validation/network-reachability';
import { workloadActors } from '../validation/flow-matrix';
import { Manifest, find, ofKind, synthEnvironment, synthPlatform } from './support/manifests';

const objects = synthEnvironment('staging');
const withLayer = (layer: EnvironmentLayer) => synthPlatform(
  resolveEnvironment('staging', defaults, deepMerge(staging, layer) as EnvironmentLayer));

describe('backup | data safety', () => {
  test('the database volume outlives the StatefulSet, deleted or scaled', () => {
    const statefulSet = find(objects, 'StatefulSet', 'postgresql');
    expect(statefulSet.spec.persistentVolumeClaimRetentionPolicy)
      .toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    // the claim comes from the template, so `kubectl delete -f` has no claim object to delete
    expect(ofKind(objects, 'PersistentVolumeClaim').map((c) => c.metadata.name))
      .toEqual(['postgresql-backups']);
  });

  test('a nightly CronJob dumps every service database onto its own volume', () => {
    // GIVEN the staging backup
    const cronJob = find(objects, 'CronJob', 'postgresql-backup');
    const pod = cronJob.spec.jobTemplate.spec.template.spec;
    const env = Object.fromEntries(pod.containers[0].env.map((e: any) => [e.name, e.value ?? e.valueFrom]));

    // THEN it runs on schedule, one at a time, with the server's image and credentials
    expect(cronJob.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid' });
    expect(pod.containers[0].image).toBe(find(objects, 'StatefulSet', 'postgresql')
      .spec.template.spec.containers[0].image);
    expect(env).toMatchObject({ DATABASES: 'auth chat notification', KEEP: '7', PGUSER: 'postgres',
      PGHOST: 'postgresql.go-chat-ai-staging.svc.cluster.local',
      PGPASSWORD: { secretKeyRef: { name: 'postgresql-superuser', key: 'password' } } });
    expect(pod.volumes).toContainEqual({ name: 'backups',
      persistentVolumeClaim: { claimName: 'postgresql-backups' } });
    expect(find(objects, 'PersistentVolumeClaim', 'postgresql-backups')
      .spec.resources.requests.storage).toBe('10Gi');
  });

  test('the backup pods may reach PostgreSQL and nothing else but DNS', () => {
    const policies = ofKind(objects, 'NetworkPolicy') as unknown as NetworkPolicyObject[];
    const actors = workloadActors(objects);
    const backup = actors.find((a) => a.name === 'postgresql-backup')!;
    const postgres = actors.find((a) => a.name === 'postgresql')!;
    const redis = actors.find((a) => a.name === 'redis')!;
    expect(isAllowed(policies, backup, postgres, { port: 5432, protocol: 'TCP' })).toBe(true);
    expect(isAllowed(policies, backup, redis, { port: 6379, protocol: 'TCP' })).toBe(false);
    expect(isAllowed(policies, backup, { name: 'internet', ip: '203.0.113.10' },
      { port: 443, protocol: 'TCP' })).toBe(false);
  });

  test('schedule and retention come from the environment', () => {
    const changed = withLayer({ postgresql: { backup: { schedule: '30 */6 * * *', keep: 3 } } });
    const cronJob = find(changed, 'CronJob', 'postgresql-backup');
    expect(cronJob.spec.schedule).toBe('30 */6 * * *');
    expect(cronJob.spec.jobTemplate.spec.template.spec.containers[0].env)
      .toContainEqual({ name: 'KEEP', value: '3' });
  });

  test('backups switch off, and never apply to a managed server', () => {
    expect(ofKind(withLayer({ postgresql: { backup: { enabled: false } } }), 'CronJob'))
      .toEqual([]);
    const external = withLayer({ postgresql: { external: { host: 'db.example.com', port: 5432,
      cidr: '10.50.0.0/16' } } });
    expect(ofKind(external, 'CronJob')).toEqual([]);
    expect(ofKind(external, 'StatefulSet').map((s) => s.metadata.name)).toEqual(['redis']);
  });

  test.each([
    ['every night', 'backup schedule "every night" is not a cron schedule; give five fields'],
    ['0 2 * *', 'backup schedule "0 2 * *" is not a cron schedule'],
  ])('throws for the schedule "%s"', (schedule, message) => {
    expect(() => withLayer({ postgresql: { backup: { schedule } } })).toThrow(message);
  });

  test('throws for a retention outside 1-365', () => {
    expect(() => withLayer({ postgresql: { backup: { keep: 0 } } }))
      .toThrow('keep is 0; keep between 1 and 365 dumps per database');
  });

  test('throws when backups are asked of a managed server', () => {
    expect(() => new SharedInfra(Testing.chart(), 'Infra', {
      namespace: 'ns', instance: 'i', version: '1.0.0',
      postgresql: { external: { host: 'db.example.com', cidr: '10.50.0.0/16', databases: [] } },
      redis: { storage: { size: '1Gi' }, password: { secretName: 'r', key: 'password' } },
      backup: { storage: { size: '1Gi' } },
    })).toThrow('Infra: backup is set for an external PostgreSQL; back up a managed server '
      + 'with its provider\'s tools and drop "backup"');
  });
});

describe('backup | restore', () => {
  const restore = (database: string, dump: string) =>
    parseAllDocuments(restoreJobYaml(environmentConfig('staging'), database, dump))
      .map((d) => d.toJSON() as Manifest);

  test('renders a valid Job restoring the chosen dump of the chosen database', () => {
    // WHEN a restore is rendered for a named dump
    const [job, ...rest] = restore('auth', 'auth-20261204T020000Z.dump');

    // THEN it is one schema-valid Job that runs restore.sh once against that dump
    expect(rest).toEqual([]);
    expect(validateManifests([job])).toEqual([]);
    expect(job.metadata).toMatchObject({ name: 'postgresql-restore-auth-20261204t020000z',
      namespace: 'go-chat-ai-staging' });
    expect(job.spec.backoffLimit).toBe(0);
    const container = job.spec.template.spec.containers[0];
    expect(container.command).toEqual(['sh', '/scripts/restore.sh']);
    expect(container.env).toEqual(expect.arrayContaining([
      { name: 'DATABASE', value: 'auth' }, { name: 'DUMP', value: 'auth-20261204T020000Z.dump' },
    ]));
  });

  test('the restore pods are let through by the backup\'s NetworkPolicy', () => {
    const [job] = restore('chat', 'chat-20261204T020000Z.dump');
    const policy = find(objects, 'NetworkPolicy', 'postgresql-backup');
    expect(job.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
  });

  test('refuses a database the server does not have, or a dump of another database', () => {
    expect(() => restore('billing', 'billing-20261204T020000Z.dump'))
      .toThrow('database "billing" is not one of the server\'s; choose one of: auth, chat');
    expect(() => restore('auth', 'chat-20261204T020000Z.dump'))
      .toThrow('dump "chat-20261204T020000Z.dump" is not a dump of "auth"');
    expect(() => restore('auth', '../../etc/passwd'))
      .toThrow('dump "../../etc/passwd" is not a dump of "auth"');
  });

  test('refuses an environment whose database is managed elsewhere', () => {
    const config = resolveEnvironment('staging', defaults, deepMerge(staging, { postgresql: {
      external: { host: 'db.example.com', port: 5432, cidr: '10.50.0.0/16' } } }) as EnvironmentLayer);
    expect(() => restoreJobYaml(config, 'auth', 'auth-20261204T020000Z.dump'))
      .toThrow('environment "staging" has no in-cluster PostgreSQL with backups');
  });
});

describe('backup | PostgreSQL tuning', () => {
  test('max_connections and the start hook come from the configuration', () => {
    const container = find(withLayer({ postgresql: { maxConnections: 300 } }), 'StatefulSet',
      'postgresql').spec.template.spec.containers[0];
    expect(container.args).toEqual(['postgres', '-c', 'max_connections=300']);
    expect(container.lifecycle.postStart.exec.command.join(' '))
      .toContain('/scripts/ensure-databases.sh');
  });

  test('throws when the services could open more connections than the server allows', () => {
    expect(() => withLayer({ postgresql: { maxConnections: 60 } })).toThrow(
      'auth-service (50), chat-service (50) and notification-service (25) may open 130 '
      + 'connections with 5 reserved, over postgresql.maxConnections 60');
  });

  test('storage class and size reach the volume claim template', () => {
    const claim = find(withLayer({ postgresql: { storage: { size: '20Gi',
      storageClassName: 'fast-ssd' } } }), 'StatefulSet', 'postgresql').spec.volumeClaimTemplates[0];
    expect(claim.spec).toMatchObject({ storageClassName: 'fast-ssd',
      resources: { requests: { storage: '20Gi' } } });
  });
});
