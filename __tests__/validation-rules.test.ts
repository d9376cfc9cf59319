import { RULES, RuleId, checkManifests } from 'go-chat-ai-deploy';
import {
  FixtureObject, GoodApp, NAMESPACE, goodApp, objectsOf,
} from '../validation/good-app';

// For every rule: the fixture app broken in one place fires that rule alone,
// at that field, with a fix; a near miss of the same edit fires nothing.

type Edit = (app: GoodApp) => FixtureObject[] | void;

interface RuleCase {
  readonly bad: Edit;
  readonly field: string;
  readonly good: Edit;
  readonly goodEnvironment?: string;
}

const C0 = 'spec.template.spec.containers[0]';
const api = (app: GoodApp) => app.deployment.spec.template.spec.containers[0];
const secret = (data: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name: 'api-db', namespace: NAMESPACE }, data,
});

const CASES: Record<RuleId, RuleCase> = {
  'schema': {
    bad: (app) => { app.deployment.spec.replica = 2; },
    field: 'spec.replica',
    good: (app) => { app.deployment.spec.revisionHistoryLimit = 3; },
  },
  'pod-security': {
    bad: (app) => { delete api(app).securityContext.allowPrivilegeEscalation; },
    field: `${C0}.securityContext.allowPrivilegeEscalation`,
    good: (app) => { api(app).securityContext.capabilities.add = ['NET_BIND_SERVICE']; },
  },
  'resources': {
    bad: (app) => { delete api(app).resources.limits.memory; },
    field: `${C0}.resources`,
    good: (app) => { api(app).resources.limits.cpu = '1'; },
  },
  'probes': {
    bad: (app) => { delete api(app).livenessProbe; },
    field: `${C0}.livenessProbe`,
    good: (app) => {
      const init = { ...api(app), name: 'migrate' };
      delete init.readinessProbe;
      delete init.livenessProbe;
      app.deployment.spec.template.spec.initContainers = [init];
    },
  },
  'image-tag': {
    bad: (app) => { api(app).image = 'registry.example.com/shop/api:latest'; },
    field: `${C0}.image`,
    good: (app) => {
      api(app).image = `registry.example.com:5000/shop/api@sha256:${'b'.repeat(64)}`;
    },
  },
  'read-only-root': {
    bad: (app) => { api(app).securityContext.readOnlyRootFilesystem = false; },
    field: `${C0}.securityContext.readOnlyRootFilesystem`,
    good: (app) => { api(app).volumeMounts[0].mountPath = '/tmp/'; },
  },
  'hpa-replicas': {
    bad: (app) => { app.deployment.spec.replicas = 2; },
    field: 'spec.replicas',
    good: (app) => { app.cache.spec.replicas = 1; },
  },
  'pdb': {
    bad: (app) => { app.budget.spec.selector = app.cache.spec.selector; },
    field: 'spec.template.metadata.labels',
    good: (app) => {
      app.autoscaler.spec.minReplicas = 1;
      app.budget.spec.selector = app.cache.spec.selector;
    },
  },
  'service-selector': {
    bad: (app) => { app.service.spec.selector = { 'app.kubernetes.io/name': 'apy' }; },
    field: 'spec.selector',
    good: () => [{ apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'db', namespace: NAMESPACE }, spec: { ports: [{ port: 5432 }] } }],
  },
  'service-target-port': {
    bad: (app) => { app.service.spec.ports[0].targetPort = 'web'; },
    field: 'spec.ports[0].targetPort',
    good: (app) => { app.service.spec.ports[0].targetPort = 8080; },
  },
  'ingress-backend': {
    bad: (app) => { backend(app).port = { name: 'https' }; },
    field: 'spec.rules[0].http.paths[0].backend.service.port',
    good: (app) => { backend(app).port = { number: 80 }; },
  },
  'ingress-class': {
    bad: (app) => { app.ingress.metadata.annotations['kubernetes.io/ingress.class'] = 'nginx'; },
    field: 'metadata.annotations["kubernetes.io/ingress.class"]',
    good: (app) => {
      app.ingress.metadata.annotations['kubernetes.io/ingress.class'] = 'nginx';
      delete app.ingress.spec.ingressClassName;
    },
  },
  'missing-reference': {
    bad: (app) => { delete app.namespace.metadata.annotations; },
    field: `${C0}.env[1].valueFrom.secretKeyRef.name`,
    good: (app) => { api(app).env.push({ name: 'FEATURE_FLAGS',
      valueFrom: { configMapKeyRef: { name: 'flags', key: 'all', optional: true } } }); },
  },
  'hpa-target': {
    bad: (app) => { app.autoscaler.spec.scaleTargetRef.name = 'apii'; },
    field: 'spec.scaleTargetRef',
    good: (app) => { app.autoscaler.spec.maxReplicas = 6; },
  },
  'pdb-selector': {
    bad: (app) => [{ ...app.budget, metadata: { name: 'old', namespace: NAMESPACE },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'gone' } } } }],
    field: 'spec.selector',
    good: (app) => { app.budget.spec.selector = { matchExpressions: [
      { key: 'app.kubernetes.io/name', operator: 'In', values: ['api', 'gone'] }] }; },
  },
  'network-policy-selector': {
    bad: (app) => { peer(app).podSelector = { matchLabels: { app: 'apy' } }; },
    field: 'spec.ingress[0].from[0].podSelector',
    good: (app) => { peer(app).namespaceSelector = { matchLabels: {} }; },
  },
  'service-monitor-target': {
    bad: (app) => { app.monitor.spec.endpoints[0].port = 'metrics'; },
    field: 'spec.endpoints[0].port',
    good: (app) => { app.monitor.spec.namespaceSelector = { any: true }; },
  },
  'probe-port': {
    bad: (app) => { api(app).readinessProbe.httpGet.port = 'health'; },
    field: `${C0}.readinessProbe.httpGet.port`,
    good: (app) => { api(app).readinessProbe.httpGet.port = 8080; },
  },
  'secret-data': {
    bad: () => [secret({ password: 'c2VjcmV0' })],
    field: 'data',
    good: () => [secret({ password: 'c2VjcmV0' })],
    goodEnvironment: 'development',
  },
  'secret-literal': {
    bad: (app) => { api(app).env.push({ name: 'API_TOKEN', value: 'abc123' }); },
    field: `${C0}.env[3].value`,
    good: (app) => { api(app).env.push({ name: 'OPENAI_MAX_TOKENS', value: '1000' }); },
  },
  'cluster-role': {
    bad: (app) => { app.binding.roleRef.kind = 'ClusterRole'; },
    field: 'roleRef.kind',
    good: (app) => { app.binding.subjects[0].namespace = NAMESPACE; },
  },
  'rbac-wildcard': {
    bad: (app) => { app.role.rules[0].verbs = ['*']; },
    field: 'rules[0].verbs',
    good: (app) => { app.role.rules[0].resources = ['pods/log']; },
  },
  'gate-annotation': {
    bad: (app) => { suppress(app.deployment, 'pdb'); },
    field: 'metadata.annotations["validation.go-chat-ai.io/suppress"]',
    good: (app) => { suppress(app.deployment, 'pdb: one replica is enough during the beta'); },
  },
};

function peer(app: GoodApp) {
  return app.policy.spec.ingress[0].from[0];
}

function backend(app: GoodApp) {
  return app.ingress.spec.rules[0].http.paths[0].backend.service;
}

function suppress(object: FixtureObject, value: string) {
  object.metadata.annotations = { 'validation.go-chat-ai.io/suppress': value };
}

function check(edit: Edit, environment = 'staging') {
  const app = goodApp();
  const extra = edit(app) ?? [];
  return checkManifests([...objectsOf(app), ...extra], { environment });
}

describe('validation rules |', () => {
  test('the fixture app passes every rule', () => {
    // GIVEN the untouched fixture
    // WHEN it is checked as staging output
    const report = check(() => undefined);

    // THEN nothing is found or suppressed
    expect(report.findings).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });

  test('every rule has a case here', () => {
    expect(Object.keys(CASES).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test.each(RULES.map((r) => [r.id, CASES[r.id]] as const))(
    '%s fires on a hand-broken manifest, at the field, with a fix',
    (rule, { bad, field }) => {
      // GIVEN the fixture broken in one place
      // WHEN it is checked
      const { findings } = check(bad);

      // THEN that rule alone fires, once, saying what is wrong and how to fix it
      expect(findings).toEqual([expect.objectContaining({ rule, field })]);
      expect(findings[0].problem.length).toBeGreaterThan(10);
      expect(findings[0].fix.length).toBeGreaterThan(10);
    },
  );

  test.each(RULES.map((r) => [r.id, CASES[r.id]] as const))(
    '%s does not fire on a near miss',
    (_rule, { good, goodEnvironment }) => {
      // GIVEN the fixture changed close to what breaks the rule
      // WHEN it is checked
      const { findings } = check(good, goodEnvironment);

      // THEN nothing fires
      expect(findings).toEqual([]);
    },
  );
});
