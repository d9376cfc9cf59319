import { checkManifests } from 'go-chat-ai-deploy';
import {
  FixtureObject, GoodApp, NAMESPACE, goodApp, objectsOf,
} from '../validation/good-app';

const C0 = 'spec.template.spec.containers[0]';

function findings(edit: (app: GoodApp) => FixtureObject[] | void) {
  const app = goodApp();
  const extra = edit(app) ?? [];
  return checkManifests([...objectsOf(app), ...extra], { environment: 'staging' }).findings;
}

describe('validation | references', () => {
  test('a Secret read twice by one object is one finding, at its first reference', () => {
    // GIVEN no declaration of api-db, and a second read of it
    const found = findings((app) => {
      delete app.namespace.metadata.annotations;
      app.deployment.spec.template.spec.containers[0].env.push({ name: 'DB_USER',
        valueFrom: { secretKeyRef: { name: 'api-db', key: 'username' } } });
    });

    // THEN
    expect(found).toEqual([expect.objectContaining({
      rule: 'missing-reference',
      field: `${C0}.env[1].valueFrom.secretKeyRef.name`,
      problem: 'Secret "api-db", read 2 times here, is neither in the manifests nor declared'
        + ' external',
      fix: 'create it in namespace "shop", or declare it made elsewhere: annotation'
        + ' validation.go-chat-ai.io/external: "Secret/api-db"',
    })]);
  });

  test('a declaration on any object covers its own namespace, not another', () => {
    // GIVEN the declaration moved from the Namespace to the Deployment, and a
    // second Deployment in another namespace that reads the same Secret
    const found = findings((app) => {
      const declaration = app.namespace.metadata.annotations;
      delete app.namespace.metadata.annotations;
      app.deployment.metadata.annotations = declaration;
      const other = structuredClone(app.deployment);
      other.metadata = { name: 'api', namespace: 'other' };
      other.spec.template.spec.serviceAccountName = 'default';
      return [other];
    });

    // THEN only the other namespace's read is missing
    expect(found.filter((f) => f.problem.startsWith('Secret "api-db"')).map((f) => f.object))
      .toEqual([{ kind: 'Deployment', namespace: 'other', name: 'api' }]);
  });

  test('a key missing from a ConfigMap of the manifests is named, with the keys it has', () => {
    const found = findings((app) => {
      const [container] = app.deployment.spec.template.spec.containers;
      container.env[2].valueFrom.configMapKeyRef.key = 'LEVEL';
    });
    expect(found).toEqual([expect.objectContaining({
      field: `${C0}.env[2].valueFrom.configMapKeyRef.key`,
      problem: 'ConfigMap "api-config" has no key "LEVEL"',
      fix: 'add "LEVEL" to it, or read one of its keys: LOG_LEVEL, MIN_PASSWORD_LENGTH,'
        + ' TLS_KEY_FILE',
    })]);
  });

  test('a TLS Secret must exist unless the Ingress has cert-manager write it', () => {
    // GIVEN an Ingress without the cert-manager annotation
    const found = findings((app) => { delete app.ingress.metadata.annotations; });

    // THEN its TLS Secret is a missing reference
    expect(found.map((f) => [f.rule, f.field]))
      .toEqual([['missing-reference', 'spec.tls[0].secretName']]);
  });

  test('volumes, pull Secrets, StatefulSet services and role bindings are references', () => {
    // GIVEN references of every other sort to objects nobody creates
    const found = findings((app) => {
      const pod = app.deployment.spec.template.spec;
      pod.imagePullSecrets = [{ name: 'registry' }];
      pod.volumes.push({ name: 'ca', configMap: { name: 'ca-bundle' } });
      pod.volumes.push({ name: 'certs',
        projected: { sources: [{ secret: { name: 'api-certs' } }] } });
      app.cache.spec.serviceName = 'cache-headless';
      app.binding.roleRef.name = 'reader';
      app.binding.subjects[0].name = 'robot';
    });

    // THEN each is reported where it is written
    expect(found.map((f) => f.field)).toEqual([
      'spec.template.spec.imagePullSecrets[0].name',
      'spec.template.spec.volumes[1].configMap.name',
      'spec.template.spec.volumes[2].projected.sources[0].secret.name',
      'roleRef.name',
      'subjects[0].name',
      'spec.serviceName',
    ]);
  });

  test('a ServiceMonitor may select Services of the namespaces it names', () => {
    // GIVEN the monitor moved to the monitoring namespace, naming the app's
    const found = findings((app) => {
      app.monitor.metadata.namespace = 'monitoring';
      app.monitor.spec.namespaceSelector = { matchNames: [NAMESPACE] };
    });

    // THEN it still finds its Service
    expect(found).toEqual([]);
  });

  test('a ServiceMonitor matches Service labels, not the Service\'s selector', () => {
    const found = findings((app) => { app.service.metadata.labels = {}; });
    expect(found).toEqual([expect.objectContaining({
      rule: 'service-monitor-target', field: 'spec.selector',
    })]);
  });

  test('a numbered target port must be a declared containerPort', () => {
    const found = findings((app) => { app.service.spec.ports[0].targetPort = 9090; });
    expect(found).toEqual([expect.objectContaining({
      rule: 'service-target-port',
      problem: 'target port 9090 is not a port of the selected containers',
      fix: 'use a containerPort or port name they declare: http (8080)',
    })]);
  });

  test('an Ingress backend must name a Service of its namespace', () => {
    const found = findings((app) => {
      app.ingress.spec.rules[0].http.paths[0].backend.service.name = 'web';
    });
    expect(found.map((f) => [f.rule, f.field])).toEqual([
      ['ingress-backend', 'spec.rules[0].http.paths[0].backend.service.name'],
    ]);
  });
});
