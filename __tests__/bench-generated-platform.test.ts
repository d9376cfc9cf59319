import { Testing, Yaml } from 'cdk8s';
import { GeneratedPlatformChart, serviceName } from '../bench/generated-platform';
import { environmentConfig } from '../environments';
import { directYaml } from '../src/manifest-yaml';
import { flowMatrix } from '../validation/flow-matrix';
import { validateManifests } from '../validation/kube-schema';
import { Manifest, find, ofKind } from './support/manifests';

// The benchmark's services are declared as the README says a user adds one;
// these tests hold them to what the platform's own services get.

function generated(environment: string, services: number): Manifest[] {
  const chart = new GeneratedPlatformChart(Testing.app(), 'go-chat-ai',
    { config: environmentConfig(environment), services });
  return Testing.synth(chart) as Manifest[];
}

const staging = generated('staging', 3);
const [first, second, third] = [0, 1, 2].map(serviceName);

describe('generated platform |', () => {
  test.each(['development', 'testing', 'staging', 'production'])(
    'every object of %s is valid for Kubernetes 1.28 or its CRD', (environment) => {
      expect(validateManifests(generated(environment, 3)).map((f) => f.message)).toEqual([]);
    });

  test('each service gets its objects, its own database Secret and the platform labels', () => {
    for (const name of [first, second, third]) {
      for (const kind of ['ConfigMap', 'ServiceAccount', 'Deployment', 'Service',
        'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ServiceMonitor', 'NetworkPolicy']) {
        const object = find(staging, kind, kind === 'ConfigMap' ? `${name}-config` : name);
        expect(object.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'go-chat-ai',
          'app.kubernetes.io/instance': 'go-chat-ai-staging',
        });
      }
      const env = find(staging, 'Deployment', name).spec.template.spec.containers[0].env;
      expect(env.map((e: any) => e.valueFrom.secretKeyRef.name))
        .toEqual([`${name}-db`, `${name}-db`]);
    }
  });

  test('every other service is public; each calls the one before it over gRPC', () => {
    // GIVEN the flows the policies allow
    const allowed = flowMatrix(staging).filter((c) => c.allowed && c.protocol === 'TCP'
      && c.to !== 'kube-dns').map((c) => `${c.from} -> ${c.to} ${c.port}`);

    // THEN exactly the declared flows of the services are let through
    expect(allowed.filter((f) => f.includes('service-')).sort()).toEqual([
      `ingress-nginx -> ${first} 8085`, `ingress-nginx -> ${third} 8085`,
      `prometheus -> ${first} 8085`, `prometheus -> ${second} 8085`,
      `prometheus -> ${third} 8085`,
      `${first} -> postgresql 5432`,
      `${second} -> ${first} 8084`, `${second} -> postgresql 5432`,
      `${third} -> ${second} 8084`, `${third} -> postgresql 5432`,
    ].sort());
    expect(ofKind(staging, 'Ingress').map((i) => i.metadata.name)).toEqual([first, third]);
  });

  test('the alerts cover every service, and PostgreSQL is sized for all their pools', () => {
    const rules = find(staging, 'PrometheusRule', 'go-chat-ai').spec.groups[0].rules;
    expect(rules.filter((r: any) => r.alert === 'GoChatAiServiceUnavailable')).toHaveLength(3);
    const args = find(staging, 'StatefulSet', 'postgresql').spec.template.spec.containers[0].args;
    expect(args).toContain('max_connections=155');
  });

  test('its YAML is written directly, as Yaml.stringify would write it', () => {
    for (const object of staging) {
      expect(directYaml(object)).toBe(Yaml.stringify(object));
    }
  });
});
