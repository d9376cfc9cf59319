import { createHash } from 'node:crypto';
import { applySetId } from '../cli/apply';
import { changing, runOps } from './fixtures/ops';
import { synthEnvironment } from './support/manifests';

// what the platform files hold, from the synth itself rather than by hand
const countOf = (name: string) => {
  const objects = synthEnvironment(name);
  const platform = objects.filter((o) => !['Namespace', 'PersistentVolumeClaim'].includes(o.kind));
  return { all: objects.length, platform: platform.length };
};

const CONTEXT = ['--context', 'go-chat-ai-staging'];
const NS = ['-n', 'go-chat-ai-staging'];
const APPLY = ['apply', '--server-side', '--field-manager=go-chat-ai'];
const APPLYSET = ['--applyset=configmaps/go-chat-ai-applyset', '--prune'];

describe('deploy |', () => {
  test('checks, applies the namespace file, dry-runs and applies the ApplySet, then waits',
    async () => {
      // GIVEN a cluster that has everything
      // WHEN staging is deployed
      const run = await runOps(['deploy', 'staging']);

      // THEN these calls are made, in this order, each naming the context
      expect(run.status).toBe(0);
      expect(run.calls.map((c) => c.argv)).toEqual([
        ['version', '--client', '-o', 'json'],
        ['config', 'get-contexts', '-o', 'name'],
        [...CONTEXT, 'version', '-o', 'json', '--request-timeout=10s'],
        [...CONTEXT, 'get', 'customresourcedefinitions.apiextensions.k8s.io',
          'servicemonitors.monitoring.coreos.com', 'prometheusrules.monitoring.coreos.com',
          '-o', 'name', '--ignore-not-found'],
        [...CONTEXT, ...APPLY, '-f', 'dist/staging/0-namespace.yaml'],
        [...CONTEXT, ...NS, ...APPLY, '--dry-run=server', ...APPLYSET,
          '-f', 'dist/staging/1-platform.yaml'],
        [...CONTEXT, ...NS, ...APPLY, ...APPLYSET, '-f', 'dist/staging/1-platform.yaml'],
        ...['statefulset/postgresql', 'statefulset/redis', 'deployment/auth-service',
          'deployment/chat-service', 'deployment/notification-service'].map((w) =>
          [...CONTEXT, ...NS, 'rollout', 'status', w, '--timeout=5m']),
      ]);
      expect(run.err).toContain('staging is deployed and ready on context go-chat-ai-staging');
    });

  test('turns ApplySets on for the pruned apply only, and never prunes the namespace file',
    async () => {
      // WHEN staging is deployed
      const run = await runOps(['deploy', 'staging']);
      const applies = run.calls.filter((c) => c.argv.includes('apply'));

      // THEN only the platform's applies run with KUBECTL_APPLYSET; the namespace's never prunes
      expect(applies.map((c) => c.applyset)).toEqual([null, 'true', 'true']);
      const namespaceApply = applies[0].argv;
      expect(namespaceApply).not.toContain('--prune');
      expect(namespaceApply.some((a) => a.startsWith('--applyset'))).toBe(false);
    });

  test('passes --force-conflicts and the timeout through', async () => {
    // WHEN staging is deployed taking over conflicts, with a 90 s wait
    const run = await runOps(['deploy', 'staging', '--force-conflicts', '--timeout', '90s']);

    // THEN every apply forces conflicts and every wait is 90 s
    expect(run.commands.filter((c) => c.includes(' apply '))
      .every((c) => c.includes('--force-conflicts'))).toBe(true);
    expect(run.commands.filter((c) => c.includes('rollout status'))
      .every((c) => c.endsWith('--timeout=90s'))).toBe(true);
  });

  test('a copy goes to its own namespace and folder, on the environment\'s context', async () => {
    // WHEN a copy of testing is deployed
    const run = await runOps(['deploy', 'testing', '--copy', 'pr-7'], {
      rules: [{ match: '* get namespace *', stdout: 'namespace/go-chat-ai-testing-pr-7\n' }],
    });

    // THEN its ApplySet is in the copy's namespace, from the copy's folder, on testing's context
    expect(run.status).toBe(0);
    expect(run.commands).toContain('--context go-chat-ai-testing -n go-chat-ai-testing-pr-7 '
      + 'apply --server-side --field-manager=go-chat-ai --applyset=configmaps/go-chat-ai-applyset'
      + ' --prune -f dist/testing-pr-7/1-platform.yaml');
  });

  test('names every workload that did not become ready and exits 1', async () => {
    // GIVEN chat-service and redis whose rollouts time out
    const timedOut = (name: string) => ({ match: `*rollout status ${name}*`, status: 1,
      stderr: 'error: timed out waiting for the condition\n' });

    // WHEN staging is deployed
    const run = await runOps(['deploy', 'staging'], {
      rules: [timedOut('deployment/chat-service'), timedOut('statefulset/redis')],
    });

    // THEN every rollout was still waited for, and the error names both
    expect(run.status).toBe(1);
    expect(run.commands.filter((c) => c.includes('rollout status'))).toHaveLength(
      synthEnvironment('staging').filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))
        .length);
    const reason = '(timed out waiting for the condition)';
    expect(run.err).toContain(`error: not ready after 5m: statefulset/redis ${reason}, `
      + `deployment/chat-service ${reason}; see npm run status -- staging`);
  });

  test('a platform the API server refuses in the dry run is not applied', async () => {
    // GIVEN an API server that refuses a changed Deployment selector
    const run = await runOps(['deploy', 'staging'], { rules: [{ match: '*--dry-run=server*',
      status: 1, stderr: 'The Deployment "auth-service" is invalid: spec.selector: Invalid '
        + 'value: field is immutable\n' }] });

    // THEN only the namespace file was applied, and the error says so
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([[...CONTEXT, ...APPLY, '-f', 'dist/staging/0-namespace.yaml']
      .join(' ')]);
    expect(run.err).toContain('error: the API server refused the platform file in a '
      + 'server-side dry run (The Deployment "auth-service" is invalid: spec.selector: Invalid '
      + 'value: field is immutable); fix it and deploy again; only 0-namespace.yaml (namespace '
      + 'and volumes) was applied');
  });

  test('production, without in-cluster PostgreSQL, waits for what it has', async () => {
    // GIVEN production, whose PostgreSQL is managed
    // WHEN it is deployed
    const run = await runOps(['deploy', 'production'], {
      rules: [{ match: '* get namespace *', stdout: 'namespace/go-chat-ai\n' }],
    });

    // THEN it waits for Redis and the two services only
    expect(run.status).toBe(0);
    expect(run.commands.filter((c) => c.includes('rollout status')).map((c) => c.split(' ')[6]))
      .toEqual(['statefulset/redis', 'deployment/auth-service', 'deployment/chat-service',
        'deployment/notification-service']);
  });
});

describe('diff |', () => {
  test('diffs both files server-side and exits 1 when something would change', async () => {
    // GIVEN a cluster on which a deploy would change a field
    // WHEN staging is diffed
    const run = await runOps(['diff', 'staging'], {
      rules: [{ match: '* diff *', status: 1, stdout: '+  replicas: 3\n' }],
    });

    // THEN both files go to kubectl diff, its output is shown, and nothing is changed
    expect(run.status).toBe(1);
    expect(run.commands.slice(4)).toEqual([
      '--context go-chat-ai-staging get namespace go-chat-ai-staging -o name --ignore-not-found',
      '--context go-chat-ai-staging diff --server-side --field-manager=go-chat-ai '
        + '-f dist/staging/0-namespace.yaml -f -',
    ]);
    expect(run.out).toBe('+  replicas: 3\n');
    expect(changing(run)).toEqual([]);
  });

  test('feeds the platform with the ApplySet label deploy gives it, or every object would differ',
    async () => {
      // WHEN staging is diffed
      const run = await runOps(['diff', 'staging']);
      const stdin = run.calls[run.calls.length - 1].stdin;

      const labelled = stdin.match(/applyset\.kubernetes\.io\/part-of: applyset-\S+-v1/g) ?? [];

      // THEN each of the platform's objects carries the ApplySet's label
      expect(labelled).toHaveLength(countOf('staging').platform);
      expect(new Set(labelled)).toEqual(new Set([`applyset.kubernetes.io/part-of: ${
        applySetId('go-chat-ai-staging')}`]));
    });

  test('exits 0 when nothing would change', async () => {
    // GIVEN a cluster that already runs what the code says
    // WHEN staging is diffed
    const run = await runOps(['diff', 'staging']);

    // THEN it says so and exits 0
    expect(run.status).toBe(0);
    expect(run.err).toContain('staging: no differences');
  });

  test('lists everything as new when the namespace does not exist yet', async () => {
    // GIVEN a cluster without the namespace
    // WHEN staging is diffed
    const run = await runOps(['diff', 'staging'], { rules: [{ match: '* get namespace *' }] });

    // THEN kubectl diff is not run, and every object is listed as new
    expect(run.status).toBe(1);
    expect(run.commands.some((c) => c.includes(' diff '))).toBe(false);
    expect(run.out.split('\n').slice(0, 2)).toEqual(['namespace go-chat-ai-staging does not '
      + `exist on context go-chat-ai-staging: a deploy creates all ${countOf('staging').all} objects`,
    '  + Namespace/go-chat-ai-staging']);
  });

  test('an error of kubectl diff itself fails the command', async () => {
    // GIVEN a kubectl diff that fails (status 2)
    // WHEN staging is diffed
    const run = await runOps(['diff', 'staging'], {
      rules: [{ match: '* diff *', status: 2, stderr: 'error: exec: "diff": not found\n' }],
    });

    // THEN the command fails with kubectl's reason
    expect(run.status).toBe(1);
    expect(run.err).toContain('error: kubectl diff failed (exec: "diff": not found)');
  });
});

test('the ApplySet id is the one kubectl derives from the parent ConfigMap', () => {
  // base64url(sha256("<name>.<namespace>.<Kind>.<group>")), the core group being empty
  const digest = createHash('sha256').update('go-chat-ai-applyset.go-chat-ai-staging.ConfigMap.')
    .digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  expect(applySetId('go-chat-ai-staging')).toBe(`applyset-${digest}-v1`);
});
