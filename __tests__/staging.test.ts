import { Testing } from 'cdk8s';
import { environmentConfig } from '../environments';
import { PlatformChart } from '../src/platform-chart';
import { Manifest, find, ofKind, podTemplates, synthEnvironment } from './support/manifests';

const objects = synthEnvironment('staging');
const NAMESPACE = 'go-chat-ai-staging';

describe('staging |', () => {
  test('the Namespace comes first, and every other object lives in it', () => {
    expect(objects[0].kind).toBe('Namespace');
    expect(objects[0].metadata.name).toBe(NAMESPACE);
    expect(objects.slice(1).filter((o) => o.metadata.namespace !== NAMESPACE)).toEqual([]);
  });

  test('the namespace enforces Pod Security restricted', () => {
    const labels = find(objects, 'Namespace', NAMESPACE).metadata.labels;
    expect(labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  test('the platform has each expected workload and nothing more', () => {
    const workloads = objects
      .filter((o) => ['Deployment', 'StatefulSet'].includes(o.kind))
      .map((o) => `${o.kind}/${o.metadata.name}`);
    expect(workloads.sort()).toEqual([
      'Deployment/auth-service', 'Deployment/chat-service', 'Deployment/notification-service',
      'StatefulSet/postgresql', 'StatefulSet/redis',
    ]);
  });

  test('names are readable and stable, with no generated hash suffix', () => {
    const names = new Set(objects.map((o) => o.metadata.name));
    expect([...names].sort()).toEqual([
      'allow-dns', 'auth-service', 'auth-service-config', 'chat-service', 'chat-service-config',
      'cm-acme-http-solver', 'default-deny', 'go-chat-ai', 'go-chat-ai-dashboard', 'go-chat-ai-staging',
      'notification-service', 'notification-service-config', 'postgresql',
      'postgresql-backup', 'postgresql-backup-scripts', 'postgresql-backups',
      'postgresql-scripts', 'redis',
    ]);
  });

  test('no two objects share a kind and name', () => {
    const keys = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('two synths of the same input are byte-identical', () => {
    // GIVEN two independent apps built from the same configuration
    const render = () => {
      const app = Testing.app();
      new PlatformChart(app, 'go-chat-ai', { config: environmentConfig('staging') });
      return app.synthYaml();
    };

    // WHEN both are synthesized
    // THEN the YAML is the same to the byte
    expect(render()).toEqual(render());
  });
});

describe('staging | labels', () => {
  const COMPONENTS: Record<string, RegExp> = {
    'auth-service': /^authentication$/, 'chat-service': /^chat$/,
    'notification-service': /^notifications$/,
    'postgresql': /^database$/, 'postgresql-backup': /^backup$/, 'redis': /^cache$/,
    'go-chat-ai': /^(platform|monitoring|certificates)$/,
  };

  function expectPlatformLabels(where: string, labels: Record<string, string> | undefined) {
    const name = labels?.['app.kubernetes.io/name'] ?? '(none)';
    expect({ where, labels }).toEqual({
      where,
      labels: expect.objectContaining({
        'app.kubernetes.io/name': expect.stringMatching(
          /^(auth-service|chat-service|notification-service|postgresql|postgresql-backup|redis|go-chat-ai)$/),
        'app.kubernetes.io/part-of': 'go-chat-ai',
        'app.kubernetes.io/component': expect.stringMatching(COMPONENTS[name] ?? /^$/),
        'app.kubernetes.io/instance': 'go-chat-ai-staging',
        'app.kubernetes.io/version': expect.stringMatching(/^[0-9A-Za-z][0-9A-Za-z._-]*$/),
        'app.kubernetes.io/managed-by': 'cdk8s',
      }),
    });
  }

  test('every object carries the recommended labels', () => {
    for (const o of objects) {
      expectPlatformLabels(`${o.kind}/${o.metadata.name}`, o.metadata.labels);
    }
  });

  test('every pod carries the recommended labels of its workload', () => {
    for (const { owner, template } of podTemplates(objects)) {
      expectPlatformLabels(owner, template.metadata.labels);
      expect(template.metadata.labels['app.kubernetes.io/name']).toBe(owner.split('/')[1]);
    }
  });

  test('each workload is labelled with the version of the image it runs', () => {
    for (const { owner, template } of podTemplates(objects)) {
      const image: string = template.spec.containers[0].image;
      expect({ owner, version: template.metadata.labels['app.kubernetes.io/version'] })
        .toEqual({ owner, version: image.split(':').pop() });
    }
  });
});

describe('staging | the old staging values', () => {
  test.each(['auth-service', 'chat-service'])('%s scales 2-5 at 80%% CPU and memory', (name) => {
    const hpa = find(objects, 'HorizontalPodAutoscaler', name);
    expect(hpa.spec).toMatchObject({ minReplicas: 2, maxReplicas: 5 });
    expect(hpa.spec.metrics.map((m: any) => [m.resource.name, m.resource.target]))
      .toEqual([
        ['cpu', { type: 'Utilization', averageUtilization: 80 }],
        ['memory', { type: 'Utilization', averageUtilization: 80 }],
      ]);
  });

  test.each(['auth-service', 'chat-service'])('%s requests 250m/256Mi, limits 500m/512Mi', (name) => {
    const container = find(objects, 'Deployment', name).spec.template.spec.containers[0];
    expect(container.resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '512Mi' },
    });
  });

  test.each([
    ['auth-service', 'auth-staging.example.com'],
    ['chat-service', 'chat-staging.example.com'],
  ])('%s is published at %s with TLS', (name, host) => {
    const ingress = find(objects, 'Ingress', name);
    expect(ingress.spec.rules.map((r: any) => r.host)).toEqual([host]);
    expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: `${name}-tls` }]);
  });

  test.each([['postgresql', '5Gi'], ['redis', '2Gi']])('%s keeps its data on a %s volume', (name, size) => {
    const claims = find(objects, 'StatefulSet', name).spec.volumeClaimTemplates;
    expect(claims.map((c: any) => c.spec.resources.requests.storage)).toEqual([size]);
  });

  test('with the HPA on, no Deployment sets spec.replicas', () => {
    // the HPA owns the pod count: a replicas field would reset it on every apply
    for (const deployment of ofKind(objects, 'Deployment')) {
      expect(find(objects, 'HorizontalPodAutoscaler', deployment.metadata.name)).toBeTruthy();
      expect(deployment.spec).not.toHaveProperty('replicas');
    }
  });

  test('each service with 2 or more pods has a PodDisruptionBudget over its pods', () => {
    for (const name of ['auth-service', 'chat-service']) {
      const pdb: Manifest = find(objects, 'PodDisruptionBudget', name);
      const pods = find(objects, 'Deployment', name).spec.template.metadata.labels;
      expect(pdb.spec.minAvailable).toBe(1);
      expect(pods).toMatchObject(pdb.spec.selector.matchLabels);
    }
  });
});
