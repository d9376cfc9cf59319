import { changing, clientVersion, runOps } from './fixtures/ops';

// the gate's own tests are elsewhere; here it finds nothing, which saves its compile
const QUICK = { passingGate: true };

// a refusal is one line after "error: ", and says when nothing was changed
const oneLine = (err: string) => err.split('\n').filter((line) => line.startsWith('error: '));

describe('the context rule |', () => {
  test.each(['deploy', 'diff', 'destroy'])('%s refuses another context without --allow-context, '
    + 'before running kubectl at all', async (verb) => {
    // GIVEN a context other than the one staging names
    // WHEN the command is given it without --allow-context
    const run = await runOps([verb, 'staging', '--context', 'someone-elses'], QUICK);

    // THEN it refuses, naming both contexts and the fix, and kubectl never ran
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([]);
    expect(oneLine(run.err)).toEqual([expect.stringMatching(new RegExp('^error: staging '
      + 'belongs to context "go-chat-ai-staging" \\(cluster.context in '
      + `environments/staging.ts\\), not "someone-elses"; to ${verb} against "someone-elses" `
      + 'anyway, add --allow-context'))]);
  });

  test('with --allow-context every call goes to the context given', async () => {
    // WHEN staging is deployed to another context, allowed explicitly
    const run = await runOps(['deploy', 'staging', '--context', 'someone-elses',
      '--allow-context'], QUICK);

    // THEN every call that reaches a cluster names that context
    expect(run.status).toBe(0);
    const cluster = run.calls.filter((c) => !['version --client -o json',
      'config get-contexts -o name'].includes(c.argv.join(' ')));
    expect(cluster.length).toBeGreaterThan(5);
    expect(cluster.every((c) => c.argv[0] === '--context' && c.argv[1] === 'someone-elses'))
      .toBe(true);
  });

  test('--allow-context alone is a usage mistake', async () => {
    // WHEN --allow-context is given without --context
    const run = await runOps(['deploy', 'staging', '--allow-context'], QUICK);

    // THEN it is a usage mistake, and kubectl never ran
    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('error: --allow-context goes with --context <name>');
  });

  test('reading commands take --context without --allow-context', async () => {
    // WHEN the status of staging is read from another context
    const run = await runOps(['status', 'staging', '--context', 'someone-elses'], QUICK);

    // THEN it reads it there without --allow-context
    expect(run.status).toBe(0);
    expect(run.commands).toContain('--context someone-elses -n go-chat-ai-staging get '
      + 'pods,services,ingresses,horizontalpodautoscalers -o wide');
  });
});

describe('clear failures, with nothing applied |', () => {
  const unreachable = 'E1204 10:00:00.000000   4242 memcache.go:265] couldn\'t get current '
    + 'server API group list\nUnable to connect to the server: dial tcp 10.0.0.1:443: i/o '
    + 'timeout\n';
  const refusals: [string, Parameters<typeof runOps>[1], string][] = [
    ['kubectl missing', { noKubectl: true }, 'kubectl is not installed or not on PATH; '
      + 'install kubectl 1.28 or later'],
    ['kubectl too old', { rules: [{ match: 'version --client*',
      stdout: clientVersion('1.27.3') }] }, 'kubectl 1.27 is too old: server-side apply with '
      + 'ApplySet pruning needs 1.28 or later; install a newer kubectl'],
    ['the context not in the kubeconfig', { rules: [{ match: 'config get-contexts*',
      stdout: 'kind-go-chat-ai\n' }] }, 'context "go-chat-ai-staging" is not in your kubeconfig '
      + '(it has kind-go-chat-ai); add it, or rename the one that reaches this cluster: kubectl '
      + 'config rename-context <yours> go-chat-ai-staging'],
    ['no cluster reachable', { rules: [{ match: '* version -o json*', status: 1,
      stdout: clientVersion('1.30.2'), stderr: unreachable }] }, 'cannot reach the cluster of '
      + 'context "go-chat-ai-staging" (Unable to connect to the server: dial tcp 10.0.0.1:443: '
      + 'i/o timeout); check that it is running'],
    ['a CRD missing', { rules: [{ match: '* get customresourcedefinitions*', stdout:
      'customresourcedefinition.apiextensions.k8s.io/prometheusrules.monitoring.coreos.com\n' }] },
    'the cluster has no CRD servicemonitors.monitoring.coreos.com, which ServiceMonitor '
      + 'auth-service needs; install the Prometheus Operator and its CRDs (for example with the '
      + 'kube-prometheus-stack Helm chart), or set monitoring.enabled: false in '
      + 'environments/staging.ts'],
  ];

  test.each(refusals)('deploy with %s says why and how to fix it in one line', async (_, options,
    message) => {
    // WHEN staging is deployed
    const run = await runOps(['deploy', 'staging'], { ...options, ...QUICK });

    // THEN one error line gives the cause and the fix, and nothing was changed
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    const [line, ...more] = oneLine(run.err);
    expect(more).toEqual([]);
    expect(line.startsWith(`error: ${message}`)).toBe(true);
    expect(line).toMatch(/ \(nothing was changed\)$/);
  });

  test('destroy with no cluster reachable deletes nothing', async () => {
    // GIVEN a cluster that refuses connections
    // WHEN staging is destroyed
    const run = await runOps(['destroy', 'staging', '--yes'], { rules: [{
      match: '* version -o json*', status: 1, stderr: 'The connection to the server '
        + 'localhost:8080 was refused - did you specify the right host or port?\n' }] });

    // THEN nothing is deleted, and the one error line says so
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(oneLine(run.err)).toEqual([expect.stringMatching(
      /^error: cannot reach the cluster .* \(nothing was changed\)$/)]);
  });

  test('a development deploy needs no CRD: monitoring is off there', async () => {
    // WHEN development, where monitoring is off, is deployed
    const run = await runOps(['deploy', 'development'], { ...QUICK,
      rules: [{ match: '* get namespace *', stdout: 'namespace/go-chat-ai-dev\n' }],
    });

    // THEN no CRD is looked up
    expect(run.status).toBe(0);
    expect(run.commands.some((c) => c.includes('customresourcedefinitions'))).toBe(false);
  });

  test('a kubectl far from the cluster is warned about, not refused', async () => {
    // GIVEN kubectl 1.32 and a 1.29 cluster
    // WHEN the status of staging is read
    const run = await runOps(['status', 'staging'], { rules: [
      { match: 'version --client*', stdout: clientVersion('1.32.4') },
      { match: '* version -o json*', stdout: JSON.stringify({
        clientVersion: { gitVersion: 'v1.32.4-eks-1' }, serverVersion: { gitVersion: 'v1.29.9' },
      }) },
    ] });

    // THEN it warns of the skew and goes on
    expect(run.status).toBe(0);
    expect(run.err).toContain('warning: kubectl 1.32 is more than one minor version from the '
      + "cluster's 1.29");
  });

  test('an environment that does not exist is named with the ones that do', async () => {
    // WHEN a misspelt environment is deployed
    const run = await runOps(['deploy', 'stagign'], QUICK);

    // THEN the known ones are listed and kubectl never ran
    expect(run.status).toBe(1);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('error: unknown environment "stagign"; known environments: '
      + 'development, testing, staging, production');
  });
});
