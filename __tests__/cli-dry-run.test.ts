import { runOps } from './fixtures/ops';

// the gate's own tests are elsewhere; here it finds nothing, which saves its compile
const QUICK = { passingGate: true };

describe('--dry-run |', () => {
  test('deploy prints the exact commands, one a line, and runs none', async () => {
    // GIVEN a dry run of a staging deploy
    const run = await runOps(['deploy', 'staging', '--dry-run'], QUICK);

    // THEN kubectl never ran, and standard output is the commands alone
    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    const context = 'kubectl --context go-chat-ai-staging';
    const applySet = `KUBECTL_APPLYSET=true ${context} -n go-chat-ai-staging apply --server-side `
      + '--field-manager=go-chat-ai';
    expect(run.out.split('\n')).toEqual([
      'kubectl version --client -o json',
      'kubectl config get-contexts -o name',
      `${context} version -o json --request-timeout=10s`,
      `${context} get customresourcedefinitions.apiextensions.k8s.io `
        + 'servicemonitors.monitoring.coreos.com prometheusrules.monitoring.coreos.com -o name '
        + '--ignore-not-found',
      `${context} apply --server-side --field-manager=go-chat-ai -f dist/staging/0-namespace.yaml`,
      `${applySet} --dry-run=server --applyset=configmaps/go-chat-ai-applyset --prune `
        + '-f dist/staging/1-platform.yaml',
      `${applySet} --applyset=configmaps/go-chat-ai-applyset --prune `
        + '-f dist/staging/1-platform.yaml',
      `${context} -n go-chat-ai-staging rollout status statefulset/postgresql --timeout=5m`,
      `${context} -n go-chat-ai-staging rollout status statefulset/redis --timeout=5m`,
      `${context} -n go-chat-ai-staging rollout status deployment/auth-service --timeout=5m`,
      `${context} -n go-chat-ai-staging rollout status deployment/chat-service --timeout=5m`,
      `${context} -n go-chat-ai-staging rollout status deployment/notification-service `
        + '--timeout=5m',
      '',
    ]);
  });

  test('destroy neither asks nor deletes', async () => {
    const run = await runOps(['destroy', 'staging', '--dry-run', '--delete-volume',
      'data-redis-0'], QUICK);

    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.err).not.toContain('Type the environment');
    expect(run.out.split('\n').slice(3)).toEqual([
      'kubectl --context go-chat-ai-staging delete --ignore-not-found --wait=true -f '
        + 'dist/staging/1-platform.yaml',
      'kubectl --context go-chat-ai-staging -n go-chat-ai-staging delete '
        + 'configmaps/go-chat-ai-applyset --ignore-not-found',
      'kubectl --context go-chat-ai-staging -n go-chat-ai-staging delete '
        + 'persistentvolumeclaim/data-redis-0 --ignore-not-found --wait=true',
      '',
    ]);
  });

  test('diff, status, logs and port-forward print and run nothing', async () => {
    for (const args of [['diff', 'staging'], ['status', 'staging'],
      ['logs', 'staging', 'auth-service'], ['port-forward', 'staging', 'redis']]) {
      const run = await runOps([...args, '--dry-run'], QUICK);

      expect({ args, status: run.status, calls: run.calls.length }).toEqual({ args, status: 0,
        calls: 0 });
      expect(run.out.trim().split('\n').every((line) => /^(KUBECTL_APPLYSET=true )?kubectl /
        .test(line))).toBe(true);
    }
  });

  test('a refusal still refuses in a dry run', async () => {
    const run = await runOps(['deploy', 'production', '--dry-run', '--context',
      'kind-go-chat-ai'], QUICK);

    expect(run.status).toBe(1);
    expect(run.out).toBe('');
    expect(run.err).toContain('error: production belongs to context "go-chat-ai-production"');
  });

  test('logs reads every pod of the workload, by its name and instance labels', async () => {
    const run = await runOps(['logs', 'staging', 'chat-service', '--since', '1h', '--dry-run'],
      QUICK);

    expect(run.out.trim().split('\n').pop()).toBe('kubectl --context go-chat-ai-staging -n '
      + 'go-chat-ai-staging logs -l app.kubernetes.io/name=chat-service,app.kubernetes.io/'
      + 'instance=go-chat-ai-staging --all-containers --prefix --max-log-requests=20 '
      + '--tail=200 --since=1h');
  });
});
