import { readFileSync } from 'node:fs';
import { GENERATED_FILE, generateValidators } from '../validation/compile-validators';
import { validateManifests } from '../validation/kube-schema';

const NAMESPACE = 'go-chat-ai';
const LABELS = { 'app.kubernetes.io/name': 'auth-service' };
const INGRESS = 'ingress-nginx';

function deployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'auth-service', namespace: NAMESPACE, labels: LABELS },
    spec: {
      replicas: 2,
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS },
        spec: {
          containers: [
            {
              name: 'auth-service',
              image: 'ghcr.io/example/auth-service@sha256:0123456789abcdef',
              ports: [
                { name: 'grpc', containerPort: 8081 },
                { name: 'http', containerPort: 8080 },
              ],
              env: [{ name: 'REST_PORT', value: '8080' }],
              readinessProbe: { httpGet: { path: '/health', port: 'http' } },
              resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 1 } },
              securityContext: { runAsNonRoot: true, readOnlyRootFilesystem: true },
            },
          ],
        },
      },
    },
  };
}

function service() {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'auth-service', namespace: NAMESPACE },
    spec: {
      selector: LABELS,
      ports: [{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }],
    },
  };
}

function namespace() {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NAMESPACE } };
}

function networkPolicy() {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'auth-service', namespace: NAMESPACE },
    spec: {
      podSelector: { matchLabels: LABELS },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': INGRESS } },
          podSelector: { matchLabels: { 'app.kubernetes.io/name': INGRESS } },
        }],
        ports: [{ protocol: 'TCP', port: 8080 }],
      }],
      egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }],
    },
  };
}

function horizontalPodAutoscaler() {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'auth-service', namespace: NAMESPACE },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'auth-service' },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [{
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } },
      }],
    },
  };
}

function podDisruptionBudget() {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'auth-service', namespace: NAMESPACE },
    spec: { minAvailable: 1, selector: { matchLabels: LABELS } },
  };
}

function ingress() {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: 'auth-service',
      namespace: NAMESPACE,
      annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['auth-staging.example.com'], secretName: 'auth-service-tls' }],
      rules: [{
        host: 'auth-staging.example.com',
        http: {
          paths: [{
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: 'auth-service', port: { number: 8080 } } },
          }],
        },
      }],
    },
  };
}

function serviceMonitor() {
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'ServiceMonitor',
    metadata: { name: 'auth-service', namespace: NAMESPACE, labels: LABELS },
    spec: {
      selector: { matchLabels: LABELS },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
    },
  };
}

/** A copy of `object` with the field at `pointer` set, or removed if `value` is undefined. */
function withField(object: object, pointer: string, value: unknown): object {
  const copy = structuredClone(object) as Record<string, unknown>;
  const keys = pointer.split('/').slice(1);
  let node = copy;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;

  const last = keys[keys.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

test.each([
  ['Deployment', deployment()],
  ['Service', service()],
  ['Namespace', namespace()],
  ['NetworkPolicy', networkPolicy()],
  ['HorizontalPodAutoscaler', horizontalPodAutoscaler()],
  ['PodDisruptionBudget', podDisruptionBudget()],
  ['Ingress', ingress()],
  ['ServiceMonitor', serviceMonitor()],
])('a valid %s has no findings', (_kind, object) => {
  // GIVEN a well-formed object

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings).toEqual([]);
});

test('a string containerPort is reported with its path', () => {
  // GIVEN
  const path = '/spec/template/spec/containers/0/ports/0/containerPort';
  const object = withField(deployment(), path, 'x');

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings).toEqual([{
    object: 'Deployment/go-chat-ai/auth-service',
    path,
    message: `Deployment/go-chat-ai/auth-service: ${path} must be integer`,
    problem: 'must be integer',
    fix: 'write a whole number without quotes',
  }]);
});

test('an unknown container field is named', () => {
  // GIVEN
  const container = '/spec/template/spec/containers/0';
  const object = withField(deployment(), `${container}/badField`, true);

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings).toEqual([expect.objectContaining({
    path: '/spec/template/spec/containers/0/badField',
    message: expect.stringMatching(/containers\/0\/badField is not a known field$/),
  })]);
});

test('an unknown top-level spec field is named, with the field it resembles', () => {
  // GIVEN a misspelt replicas
  const object = withField(deployment(), '/spec/replica', 3);

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings.map((f) => [f.path, f.fix]))
    .toEqual([['/spec/replica', 'did you mean "replicas"? Otherwise remove it']]);
});

test('an unknown field like none of the known ones lists them when they are few', () => {
  // GIVEN a field no Service port has
  const object = withField(service(), '/spec/ports/0/weight', 1);

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings.map((f) => f.fix)).toEqual([
    'remove it; the fields allowed here are appProtocol, name, nodePort, port, protocol,'
      + ' targetPort',
  ]);
});

test('a kind missing from the schemas is reported', () => {
  // GIVEN
  const object = { ...deployment(), kind: 'Deploymnt' };

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings).toEqual([expect.objectContaining({
    object: 'Deploymnt/go-chat-ai/auth-service',
    path: '/kind',
    message: 'Deploymnt/go-chat-ai/auth-service: Deploymnt (apps/v1) is not in the'
      + ' Kubernetes 1.28 schema nor in the vendored CRDs',
    fix: expect.stringContaining('suppress "schema" on the object with a reason'),
  })]);
});

test('an unknown ServiceMonitor endpoint field is named', () => {
  // GIVEN scrapeInterval, which the operator calls interval
  const object = withField(serviceMonitor(), '/spec/endpoints/0/scrapeInterval', '30s');

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings).toEqual([expect.objectContaining({
    object: 'ServiceMonitor/go-chat-ai/auth-service',
    path: '/spec/endpoints/0/scrapeInterval',
  })]);
});

test('a container without a name is reported at the missing field', () => {
  // GIVEN
  const container = '/spec/template/spec/containers/0';
  const object = withField(deployment(), `${container}/name`, undefined);

  // WHEN
  const findings = validateManifests([object]);

  // THEN
  expect(findings).toEqual([expect.objectContaining({
    path: '/spec/template/spec/containers/0/name',
    message: expect.stringMatching(/containers\/0\/name is required$/),
  })]);
});

test('metadata is checked as ObjectMeta, for custom resources too', () => {
  // GIVEN a misspelt labels on a built-in kind and a ServiceMonitor without a name
  const object = withField(deployment(), '/metadata/label', LABELS);
  const monitor = withField(serviceMonitor(), '/metadata/name', undefined);

  // WHEN
  const findings = validateManifests([object, monitor]);

  // THEN
  expect(findings.map((f) => f.path)).toEqual(['/metadata/label', '/metadata/name']);
});

test('int-or-string fields take either and nothing else', () => {
  // GIVEN
  const named = withField(serviceMonitor(), '/spec/endpoints/0/targetPort', 'http');
  const numbered = withField(serviceMonitor(), '/spec/endpoints/0/targetPort', 8080);
  const flagged = withField(serviceMonitor(), '/spec/endpoints/0/targetPort', true);

  // WHEN
  const findings = validateManifests([named, numbered, flagged]);

  // THEN
  expect(findings.map((f) => f.message)).toEqual([
    'ServiceMonitor/go-chat-ai/auth-service: /spec/endpoints/0/targetPort'
      + ' must be integer or string',
  ]);
});

test('Secret data must be base64', () => {
  // GIVEN
  const secret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'auth-jwt', namespace: NAMESPACE },
    data: { good: 'c2VjcmV0', bad: 'secret!' },
  };

  // WHEN
  const findings = validateManifests([secret]);

  // THEN
  expect(findings.map((f) => f.message)).toEqual([
    'Secret/go-chat-ai/auth-jwt: /data/bad must be base64 encoded',
  ]);
});

test('RE2 patterns in CRDs apply, including a leading (?i)', () => {
  // GIVEN a strategy the operator reads case-insensitively, and one it rejects
  const rule = (strategy: string) => ({
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: `auth-service-${strategy.toLowerCase()}`, namespace: NAMESPACE },
    spec: {
      groups: [{
        name: 'auth-service',
        partial_response_strategy: strategy,
        rules: [{ alert: 'AuthServiceDown', expr: 'up == 0', for: '5m' }],
      }],
    },
  });

  // WHEN
  const findings = validateManifests([rule('Abort'), rule('sometimes')]);

  // THEN
  expect(findings.map((f) => f.message)).toEqual([
    'PrometheusRule/go-chat-ai/auth-service-sometimes:'
      + ' /spec/groups/0/partial_response_strategy must match pattern "^(?i)(abort|warn)?$"',
  ]);
});

test('a kind without a precompiled validator is compiled from the schemas', () => {
  // GIVEN a ReplicaSet, which is not among the precompiled kinds, misspelling a field
  const replicaSet = { ...withField(deployment(), '/spec/replica', 1),
    kind: 'ReplicaSet' };

  // WHEN
  const findings = validateManifests([replicaSet]);

  // THEN it is checked as strictly as the others
  expect(findings.map((f) => f.message)).toEqual([
    'ReplicaSet/go-chat-ai/auth-service: /spec/replica is not a known field',
  ]);
});

test('the precompiled validators are those the schemas and kinds generate today', () => {
  // GIVEN the committed module, WHEN it is generated again
  // THEN nothing changed; otherwise run npm run validate:compile
  expect(generateValidators() === readFileSync(GENERATED_FILE, 'utf8')).toBe(true);
});
