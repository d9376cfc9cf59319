import { namespaceApply, platformApplies } from '../cli/apply';
import { Kubectl } from '../cli/kubectl';
import { EnvironmentManifests, KubeObject } from '../cli/manifests';
import { resolveTarget } from '../cli/target';
import { ENVIRONMENTS, environmentConfig } from '../environments';
import { LAYER_SCHEMA } from '../environments/schema';

const target = resolveTarget('staging', {}, { outdir: '/out' });
const kubectl = new Kubectl({ env: {}, cwd: '/out', interactive: false, out: () => undefined,
  err: () => undefined, ask: async () => '' }, { dryRun: true, context: target.context });
const object = (kind: string, name: string, namespace = 'go-chat-ai-staging'): KubeObject =>
  ({ apiVersion: 'v1', kind, metadata: { name, namespace } });
const manifests = (platformObjects: KubeObject[]): EnvironmentManifests => ({
  namespaceFile: '/out/staging/0-namespace.yaml', platformFile: '/out/staging/1-platform.yaml',
  namespaceObjects: [object('Namespace', 'go-chat-ai-staging')], platformObjects,
});
const options = { forceConflicts: false, serverDryRun: false };

describe('apply plan |', () => {
  test('objects of another namespace are applied apart, and never pruned', () => {
    // GIVEN a dashboard ConfigMap in the namespace Grafana watches
    const own = object('ConfigMap', 'auth-service-config');
    const dashboard = object('ConfigMap', 'go-chat-ai-dashboard', 'monitoring');

    // WHEN the platform's applies are planned
    const [applySet, other] = platformApplies(kubectl, target, manifests([own, dashboard]),
      '/out', options);

    // THEN the ApplySet gets its own namespace's objects on stdin, the other apply no prune
    expect(applySet.args).toEqual(['--context', 'go-chat-ai-staging', '-n', 'go-chat-ai-staging',
      'apply', '--server-side', '--field-manager=go-chat-ai',
      '--applyset=configmaps/go-chat-ai-applyset', '--prune', '-f', '-']);
    expect(applySet.stdin?.text).toContain('name: auth-service-config');
    expect(applySet.stdin?.text).not.toContain('go-chat-ai-dashboard');
    expect(other.args).toEqual(['--context', 'go-chat-ai-staging', '-n', 'monitoring', 'apply',
      '--server-side', '--field-manager=go-chat-ai', '-f', '-']);
    expect(other.env).toBeUndefined();
    expect(other.stdin?.describe).toBe('ConfigMap/go-chat-ai-dashboard of staging/1-platform.yaml, '
      + 'not pruned');
  });

  test.each(['PersistentVolumeClaim', 'Namespace'])('a %s in the pruned file is refused',
    (kind) => {
      expect(() => platformApplies(kubectl, target, manifests([object(kind, 'data')]), '/out',
        options)).toThrow(new RegExp('would be in the pruned ApplySet; namespaces and volumes '
        + 'belong in 0-namespace\\.yaml'));
    });

  test('the namespace file is applied without pruning', () => {
    const command = namespaceApply(kubectl, manifests([]), '/out', options);

    expect(command.args).toEqual(['--context', 'go-chat-ai-staging', 'apply', '--server-side',
      '--field-manager=go-chat-ai', '-f', 'staging/0-namespace.yaml']);
  });
});

describe('cluster.context |', () => {
  test('every environment names its own context; a copy keeps the environment\'s', () => {
    const contexts = Object.keys(ENVIRONMENTS)
      .map((name) => environmentConfig(name).cluster.context);

    expect(contexts).toEqual(['kind-go-chat-ai', 'go-chat-ai-testing', 'go-chat-ai-staging',
      'go-chat-ai-production']);
    expect(environmentConfig('testing', 'pr-1').cluster.context).toBe('go-chat-ai-testing');
  });

  test('a context with a space, or an unknown key, is refused by the schema', () => {
    const result = LAYER_SCHEMA.safeParse({ cluster: { context: 'my cluster', server: 'x' } });

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual(expect.arrayContaining([
      'expected a kubeconfig context name such as "kind-go-chat-ai", without spaces']));
    expect(result.error?.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});
