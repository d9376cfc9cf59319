import { join } from 'node:path';
import { environmentConfig } from '../environments';
import { planHandover } from '../cli/helm/handover';
import { readHelmRelease } from '../cli/helm/release';
import { synthesizeInMemory } from '../cli/manifests';
import { changing, runOps } from './fixtures/ops';

const MANIFEST = join(__dirname, 'fixtures', 'helm', 'old-chart-staging.yaml');
const RELEASE = ['--release', 'go-chat-ai', '--manifest', MANIFEST];
const NS = '--context go-chat-ai-staging -n go-chat-ai-staging';
const VOLUMES = ['--delete-volume', 'data-postgresql-0', '--reuse-volume', 'data-redis-0'];

function plan(releaseNamespace = 'go-chat-ai-staging') {
  const config = environmentConfig('staging');
  return planHandover(readHelmRelease(MANIFEST, 'go-chat-ai', releaseNamespace), config,
    synthesizeInMemory(config));
}

describe('migrate-helm plan |', () => {
  test('decides the fate of every object of the old release', () => {
    // GIVEN the old chart's staging release in staging's own namespace
    // WHEN the handover is planned
    const fates = Object.fromEntries(plan().items.map((i) =>
      [`${i.old.kind}/${i.old.metadata.name}`, i.fate]));

    // THEN objects with our names are taken over or recreated, the rest replaced or retired
    expect(fates).toEqual({
      'Secret/go-chat-ai-secrets': 'retire',
      'ServiceAccount/go-chat-ai-auth-service': 'replace',
      'ServiceAccount/go-chat-ai-chat-service': 'replace',
      'ClusterRole/go-chat-ai-chat-service': 'retire',
      'ClusterRoleBinding/go-chat-ai-chat-service': 'retire',
      'Service/postgresql': 'adopt',
      'Service/redis': 'adopt',
      'Service/go-chat-ai-auth-service': 'replace',
      'Service/go-chat-ai-chat-service': 'replace',
      'Deployment/go-chat-ai-auth-service': 'replace',
      'Deployment/go-chat-ai-chat-service': 'replace',
      'StatefulSet/postgresql': 'recreate',
      'StatefulSet/redis': 'recreate',
      'HorizontalPodAutoscaler/go-chat-ai-auth-service': 'replace',
      'Ingress/go-chat-ai-auth-service': 'replace',
      'Ingress/go-chat-ai-chat-service': 'replace',
      'NetworkPolicy/auth-service': 'adopt',
      'NetworkPolicy/chat-service': 'adopt',
    });
  });

  test('says plainly which selector differs and that the StatefulSet must be recreated', () => {
    // WHEN the handover is planned
    const postgresql = plan().items.find((i) => i.old.kind === 'StatefulSet'
      && i.old.metadata.name === 'postgresql');

    // THEN the StatefulSet's note names the fields and says it must be recreated
    expect(postgresql?.note.startsWith('selector, volumeClaimTemplates differ from ours and '
      + 'cannot change, so it must be recreated: adopt deletes it with --cascade=orphan'))
      .toBe(true);
  });

  test('sets an adopted Service\'s selector to ours and names what the old chart leaves', () => {
    // WHEN the handover is planned
    const service = plan().items.find((i) => i.old.kind === 'Service'
      && i.old.metadata.name === 'postgresql');

    // THEN the Service's selector is patched to ours, and the old chart's labels are named
    expect(service?.selectorPatch).toEqual({ path: '/spec/selector', value: {
      'app.kubernetes.io/instance': 'go-chat-ai-staging',
      'app.kubernetes.io/name': 'postgresql' } });
    expect(service?.leftovers).toEqual(['metadata.labels.app', 'metadata.labels[helm.sh/chart]']);
  });

  test('finds the claims ours would reuse by name', () => {
    // WHEN the handover is planned
    const { volumes } = plan();

    // THEN both StatefulSet claims are found to collide with ours
    expect(volumes).toEqual([
      { claim: 'data-postgresql-0', owner: 'StatefulSet postgresql', collides: true },
      { claim: 'data-redis-0', owner: 'StatefulSet redis', collides: true },
    ]);
  });

  test('a release in another namespace shares nothing: all is replaced or retired', () => {
    // GIVEN the same release in another namespace
    // WHEN the handover is planned
    const other = plan('chat-old');

    // THEN nothing is adopted and no claim collides
    expect(other.items.every((i) => i.fate === 'replace' || i.fate === 'retire')).toBe(true);
    expect(other.volumes.every((v) => !v.collides)).toBe(true);
  });

  test('prints the report and the steps, offline', async () => {
    // WHEN the plan is printed
    const run = await runOps(['migrate-helm', 'plan', 'staging', ...RELEASE]);

    // THEN it ran no kubectl, and shows the sections, the downtime and the steps
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.out).toContain('Must be recreated (same name, but a field that cannot change '
      + 'differs):\n  StatefulSet postgresql: selector, volumeClaimTemplates differ');
    expect(run.out).toContain('Downtime:\n  postgresql, redis: from adopt');
    expect(run.out).toContain(`  3. npm run migrate-helm -- adopt staging --release go-chat-ai `
      + `--manifest ${MANIFEST} --delete-volume data-postgresql-0 --delete-volume data-redis-0`);
    expect(run.out).toContain('Never run helm uninstall once adopt has run');
  });

  test('a missing manifest says how to save one', async () => {
    // WHEN the plan is asked for a file that is not there
    const run = await runOps(['migrate-helm', 'plan', 'staging', '--release', 'go-chat-ai',
      '--manifest', 'old.yaml']);

    // THEN the error says how to save it with helm
    expect(run.status).toBe(2);
    expect(run.err).toContain('error: old.yaml does not exist; give a manifest file or a folder '
      + 'such as dist/; save it first with: helm get manifest go-chat-ai -n go-chat-ai-staging > '
      + 'old.yaml');
  });
});

describe('migrate-helm adopt |', () => {
  test('refuses, before any call, until each claim ours would reuse is decided by name',
    async () => {
      // WHEN the release is adopted with one of two colliding claims decided
      const run = await runOps(['migrate-helm', 'adopt', 'staging', ...RELEASE,
        '--delete-volume', 'data-postgresql-0']);

      // THEN it refuses before any call, naming the other
      expect(run.status).toBe(2);
      expect(run.calls).toEqual([]);
      expect(run.err).toContain('error: data-redis-0 would be used by our StatefulSet as it is; '
        + 'dump its data first');
    });

  test('acts only on the objects the cluster has, in the plan\'s order', async () => {
    // GIVEN a cluster where the old Ingresses and the redis objects do not exist
    const live = { match: '* get service/postgresql *', stdout: 'service/postgresql\n'
      + 'statefulset.apps/postgresql\nnetworkpolicy.networking.k8s.io/auth-service\n' };

    // WHEN the release is adopted
    const run = await runOps(['migrate-helm', 'adopt', 'staging', ...RELEASE, ...VOLUMES,
      '--yes'], { rules: [live] });

    // THEN Helm's marks go, selectors become ours, the StatefulSet goes with its pods
    // orphaned, and the old StatefulSets' pods go, even where a first run took the set
    expect(run.status).toBe(0);
    expect(changing(run)).toEqual([
      `${NS} annotate service/postgresql meta.helm.sh/release-name- `
        + 'meta.helm.sh/release-namespace-',
      `${NS} label service/postgresql app.kubernetes.io/managed-by-`,
      `${NS} patch service/postgresql --type=json -p [{"op":"replace","path":"/spec/selector",`
        + '"value":{"app.kubernetes.io/instance":"go-chat-ai-staging","app.kubernetes.io/name":'
        + '"postgresql"}}]',
      `${NS} delete statefulset.apps/postgresql --cascade=orphan --ignore-not-found`,
      `${NS} delete pods -l app=postgresql,app.kubernetes.io/instance!=go-chat-ai-staging `
        + '--ignore-not-found',
      `${NS} delete pods -l app=redis,app.kubernetes.io/instance!=go-chat-ai-staging `
        + '--ignore-not-found',
      `${NS} annotate networkpolicy.networking.k8s.io/auth-service meta.helm.sh/release-name- `
        + 'meta.helm.sh/release-namespace-',
      `${NS} label networkpolicy.networking.k8s.io/auth-service app.kubernetes.io/managed-by-`,
      `${NS} patch networkpolicy.networking.k8s.io/auth-service --type=json -p [{"op":"replace",`
        + '"path":"/spec/podSelector","value":{"matchLabels":{"app.kubernetes.io/instance":'
        + '"go-chat-ai-staging","app.kubernetes.io/name":"auth-service"}}}]',
      `${NS} delete persistentvolumeclaim/data-postgresql-0 --ignore-not-found`,
    ]);
    expect(run.err).toContain('next: npm run deploy -- staging --force-conflicts');
  });

  test('asks for the environment\'s name, listing what it changes', async () => {
    // GIVEN a cluster that has the release's objects
    const live = { match: '* get service/postgresql *', stdout: 'service/postgresql\n'
      + 'service/redis\nnetworkpolicy.networking.k8s.io/auth-service\n'
      + 'networkpolicy.networking.k8s.io/chat-service\n' };

    // WHEN the release is adopted at a terminal, and the name is not typed
    const run = await runOps(['migrate-helm', 'adopt', 'staging', ...RELEASE, ...VOLUMES],
      { answers: [''], rules: [live] });

    // THEN it said what it would change, and changed nothing
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain('  takes over: Service postgresql, Service redis, NetworkPolicy '
      + 'auth-service, NetworkPolicy chat-service\n');
    expect(run.err).toContain('  deletes the volumes, and their data: data-postgresql-0\n');
  });

  test('is guarded by the context rule like deploy', async () => {
    // WHEN the release is adopted on another context
    const run = await runOps(['migrate-helm', 'adopt', 'staging', ...RELEASE, ...VOLUMES,
      '--context', 'kind-go-chat-ai']);

    // THEN it refuses as deploy does
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('to adopt against "kind-go-chat-ai" anyway, add --allow-context');
  });

  test('keeps a Secret of the release that has a name the platform reads', () => {
    // GIVEN a release holding a Secret named as one the platform reads
    const config = environmentConfig('staging');
    const release = { name: 'go-chat-ai', namespace: config.namespace, objects: [{
      apiVersion: 'v1', kind: 'Secret', metadata: { name: 'redis', namespace: config.namespace },
    }] };

    // WHEN the handover is planned
    const [item] = planHandover(release, config, synthesizeInMemory(config)).items;

    // THEN the Secret is kept, never retired
    expect(item.fate).toBe('adopt');
    expect(item.note).toMatch(/^has the name of a Secret the platform reads, so it is kept/);
  });

  test('never retires what would take more with it: a namespace of its own, a CRD', () => {
    // GIVEN a release that also created a namespace and a CRD
    const config = environmentConfig('staging');
    const object = (kind: string, name: string) => ({ apiVersion: 'v1', kind,
      metadata: { name } });
    const release = { name: 'go-chat-ai', namespace: config.namespace, objects: [
      object('Namespace', 'go-chat-ai-old'),
      object('CustomResourceDefinition', 'widgets.example.com'),
    ] };

    // WHEN the handover is planned
    const items = planHandover(release, config, synthesizeInMemory(config)).items;

    // THEN both are kept, and retire would not delete them
    expect(items.map((i) => i.fate)).toEqual(['keep', 'keep']);
    expect(items[0].note).toBe('deleting a namespace deletes everything in it, volumes included: '
      + 'kept; delete it by hand once nothing needs it');
  });
});

describe('migrate-helm retire |', () => {
  test('deletes what ours replaced, the orphans and Helm\'s record, never helm uninstall',
    async () => {
      // WHEN the release is retired
      const run = await runOps(['migrate-helm', 'retire', 'staging', ...RELEASE, '--yes']);

      // THEN what ours replaced and Helm's record go, by name and label, not by helm
      expect(run.status).toBe(0);
      expect(run.commands.some((c) => c.includes('uninstall'))).toBe(false);
      expect(changing(run)).toEqual([
        `${NS} delete secret/go-chat-ai-secrets serviceaccount/go-chat-ai-auth-service `
          + 'serviceaccount/go-chat-ai-chat-service clusterrole.rbac.authorization.k8s.io/'
          + 'go-chat-ai-chat-service clusterrolebinding.rbac.authorization.k8s.io/'
          + 'go-chat-ai-chat-service service/go-chat-ai-auth-service '
          + 'service/go-chat-ai-chat-service '
          + 'deployment.apps/go-chat-ai-auth-service deployment.apps/go-chat-ai-chat-service '
          + 'horizontalpodautoscaler.autoscaling/go-chat-ai-auth-service '
          + 'ingress.networking.k8s.io/go-chat-ai-auth-service '
          + 'ingress.networking.k8s.io/go-chat-ai-chat-service --ignore-not-found --wait=true',
        `${NS} delete secrets,configmaps -l owner=helm,name=go-chat-ai --ignore-not-found`,
      ]);
    });

  test('waits until ours is ready, and otherwise deletes nothing', async () => {
    // GIVEN our chat-service not ready yet
    // WHEN the release is retired
    const run = await runOps(['migrate-helm', 'retire', 'staging', ...RELEASE, '--yes'], {
      rules: [{ match: '*rollout status deployment/chat-service*', status: 1,
        stderr: 'error: timed out waiting for the condition\n' }],
    });

    // THEN it refuses and deletes nothing
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain('error: our deployment/chat-service is not ready (timed out '
      + 'waiting for the condition), and the old pods may still be serving');
  });

  test('never deletes a claim ours uses', async () => {
    // WHEN retire is told to delete a claim ours uses
    const run = await runOps(['migrate-helm', 'retire', 'staging', ...RELEASE, '--yes',
      '--delete-volume', 'data-postgresql-0']);

    // THEN it refuses and deletes nothing
    expect(run.status).toBe(2);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain('error: data-postgresql-0: retire deletes only the release\'s own '
      + 'volumes (none here), never one ours uses');
  });

  test('asks for the environment\'s name first', async () => {
    // GIVEN a user who does not type the name
    // WHEN the release is retired
    const run = await runOps(['migrate-helm', 'retire', 'staging', ...RELEASE],
      { answers: ['no'] });

    // THEN it lists what goes, asks, and deletes nothing
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain("  Helm's record of release go-chat-ai\nType the environment's "
      + 'name (staging) to go on: ');
  });
});

describe('migrate-helm upload-dump |', () => {
  test('copies the dump onto the backup volume through a short-lived restricted pod',
    async () => {
      // GIVEN a dump of auth named as the restore expects
      // WHEN it is uploaded to staging
      const run = await runOps(['migrate-helm', 'upload-dump', 'staging',
        'auth-20261204T020000Z.dump'], { files: { 'auth-20261204T020000Z.dump': 'PGDMP' } });

      // THEN a restricted pod mounts the backup volume, takes the file and goes
      expect(run.status).toBe(0);
      expect(changing(run)).toEqual([
        '--context go-chat-ai-staging apply --server-side --field-manager=go-chat-ai -f -',
        `${NS} cp auth-20261204T020000Z.dump `
          + 'dump-loader:/backups/auth/auth-20261204T020000Z.dump',
        `${NS} delete pod/dump-loader --wait=true`,
      ]);
      const pod = run.calls.find((c) => c.argv.includes('apply'))?.stdin ?? '';
      expect(pod).toContain('claimName: postgresql-backups');
      expect(pod).toContain('runAsNonRoot: true');
      expect(pod).toContain('readOnlyRootFilesystem: true');
      expect(run.err).toContain('restore it with: npm run --silent restore -- staging auth '
        + 'auth-20261204T020000Z.dump | kubectl --context go-chat-ai-staging apply -f -');
    });

  test('a step that fails stops the upload, naming the command and what to do', async () => {
    // GIVEN a cluster where copying into the pod fails
    const full = { match: '* cp *', stderr: 'error: no space left on device', status: 1 };

    // WHEN a dump is uploaded
    const run = await runOps(['migrate-helm', 'upload-dump', 'staging',
      'auth-20261204T020000Z.dump'], { files: { 'auth-20261204T020000Z.dump': 'PGDMP' },
      rules: [full] });

    // THEN it fails at the copy, says how to clean up, and runs nothing after it
    expect(run.status).not.toBe(0);
    expect(run.err).toContain(`kubectl ${NS} cp auth-20261204T020000Z.dump `
      + 'dump-loader:/backups/auth/auth-20261204T020000Z.dump failed (');
    expect(run.err).toContain('no space left on device');
    expect(run.err).toContain('); check the pod with kubectl --context go-chat-ai-staging '
      + '-n go-chat-ai-staging describe pod/dump-loader, delete it, and run upload-dump again');
    expect(changing(run).at(-1)).toContain(' cp ');
  });

  test('refuses a dump the restore would not accept, before any call', async () => {
    // WHEN a dump with another name is uploaded
    const run = await runOps(['migrate-helm', 'upload-dump', 'staging', 'authdb.sql']);

    // THEN it refuses before any call, saying how to name it
    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('error: authdb.sql is not named as the restore expects; name the '
      + 'dump <database>-<UTC stamp>.dump with a database of auth, chat');
  });

  test('a dump that is not there is refused before the pod is made', async () => {
    // WHEN a dump that does not exist is uploaded
    const run = await runOps(['migrate-helm', 'upload-dump', 'staging',
      'chat-20261204T020000Z.dump']);

    // THEN it refuses before any call
    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('error: chat-20261204T020000Z.dump is not a file; give the path of '
      + 'the dump (pg_dump --format=custom)');
  });

  test('production has no in-cluster PostgreSQL to load into', async () => {
    // WHEN a dump is uploaded to production
    const run = await runOps(['migrate-helm', 'upload-dump', 'production',
      'auth-20261204T020000Z.dump']);

    // THEN it refuses: production has no backup volume
    expect(run.status).toBe(2);
    expect(run.err).toContain('error: production has no in-cluster PostgreSQL with backups');
  });
});
