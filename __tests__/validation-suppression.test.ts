import { ApiObject, Testing } from 'cdk8s';
import {
  EXTERNAL_ANNOTATION, SUPPRESS_ANNOTATION, checkManifests, declareExternal, formatReport,
  suppressRule,
} from 'go-chat-ai-deploy';
import { GoodApp, goodApp, objectsOf } from '../validation/good-app';

function checkWith(edit: (app: GoodApp) => void) {
  const app = goodApp();
  edit(app);
  return checkManifests(objectsOf(app), { environment: 'staging' });
}

// a latest image and no liveness probe on the Deployment
function breakTwoRules(app: GoodApp) {
  const container = app.deployment.spec.template.spec.containers[0];
  container.image = 'registry.example.com/shop/api:latest';
  delete container.livenessProbe;
}

describe('validation | suppression', () => {
  test('a suppressed finding moves to the report\'s suppressed list, with its reason', () => {
    // GIVEN two rules broken, one suppressed with a reason
    const report = checkWith((app) => {
      breakTwoRules(app);
      app.deployment.metadata.annotations = {
        [SUPPRESS_ANNOTATION]: 'probes: the process exits on its own when it hangs',
      };
    });

    // THEN the other still fails, and the report shows both
    expect(report.findings.map((f) => f.rule)).toEqual(['image-tag']);
    expect(report.suppressed).toEqual([expect.objectContaining({
      rule: 'probes', reason: 'the process exits on its own when it hangs',
    })]);
    expect(formatReport(report)).toContain('suppressed (1):\n  [probes] Deployment/shop/api'
      + '  spec.template.spec.containers[0].livenessProbe'
      + '  — the process exits on its own when it hangs');
  });

  test('one annotation suppresses several rules, each with its reason', () => {
    const report = checkWith((app) => {
      breakTwoRules(app);
      app.deployment.metadata.annotations = {
        [SUPPRESS_ANNOTATION]: 'probes: exits when hung; image-tag: pinned at deploy',
      };
    });
    expect(report.findings).toEqual([]);
    expect(report.suppressed.map((f) => [f.rule, f.reason])).toEqual([
      ['probes', 'exits when hung'], ['image-tag', 'pinned at deploy'],
    ]);
  });

  test.each([
    ['probes', 'suppresses "probes" without a reason'],
    ['probes:  ', 'suppresses "probes" without a reason'],
    ['probe: exits when hung', 'suppresses "probe", which is not a rule id'],
    ['gate-annotation: fine', 'suppresses "gate-annotation", which cannot be suppressed'],
    [' ; ', 'is empty'],
  ])('"%s" suppresses nothing and is itself a finding', (value, problem) => {
    // GIVEN a broken Deployment whose suppression is unusable
    const report = checkWith((app) => {
      breakTwoRules(app);
      app.deployment.metadata.annotations = { [SUPPRESS_ANNOTATION]: value };
    });

    // THEN nothing is suppressed and the annotation is reported
    expect(report.suppressed).toEqual([]);
    expect(report.findings.map((f) => f.rule))
      .toEqual(['probes', 'image-tag', 'gate-annotation']);
    expect(report.findings[2].problem)
      .toBe(`the annotation ${problem}, so it suppresses nothing there`);
  });

  test('a suppression applies to the object carrying it only', () => {
    const report = checkWith((app) => {
      breakTwoRules(app);
      app.service.metadata.annotations = { [SUPPRESS_ANNOTATION]: 'probes: not here' };
    });
    expect(report.findings.map((f) => f.rule)).toEqual(['probes', 'image-tag']);
  });

  test('suppressRule writes the annotation, appending to one already there', () => {
    // GIVEN an ApiObject in a chart
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'Api', { apiVersion: 'v1', kind: 'ConfigMap' });

    // WHEN two rules are suppressed on it
    suppressRule(object, 'schema', 'a field the API server of 1.29 adds');
    suppressRule(object, 'secret-literal', 'the value is a public key');

    // THEN
    expect(Testing.synth(chart)[0].metadata.annotations).toEqual({
      [SUPPRESS_ANNOTATION]: 'schema: a field the API server of 1.29 adds;'
        + ' secret-literal: the value is a public key',
    });
  });

  test.each([
    ['', /needs a one-sentence reason without ";", got ""/],
    ['first; second', /needs a one-sentence reason without ";"/],
  ])('suppressRule refuses the reason "%s"', (reason, message) => {
    const object = new ApiObject(Testing.chart(), 'Api', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(() => suppressRule(object, 'probes', reason)).toThrow(message);
  });

  test('suppressRule refuses to suppress gate-annotation', () => {
    const object = new ApiObject(Testing.chart(), 'Api', { apiVersion: 'v1', kind: 'ConfigMap' });
    expect(() => suppressRule(object, 'gate-annotation', 'because'))
      .toThrow('"gate-annotation" cannot be suppressed: fix the annotation instead');
  });
});

describe('validation | external prerequisites', () => {
  test('declareExternal writes the annotation, appending to one already there', () => {
    const chart = Testing.chart();
    const object = new ApiObject(chart, 'Ns', { apiVersion: 'v1', kind: 'Namespace' });
    declareExternal(object, [{ kind: 'Secret', name: 'app-db' }]);
    declareExternal(object, [{ kind: 'ConfigMap', name: 'ca-bundle' }]);
    expect(Testing.synth(chart)[0].metadata.annotations)
      .toEqual({ [EXTERNAL_ANNOTATION]: 'Secret/app-db, ConfigMap/ca-bundle' });
  });

  test('declareExternal refuses a name Kubernetes would refuse', () => {
    const object = new ApiObject(Testing.chart(), 'Ns', { apiVersion: 'v1', kind: 'Namespace' });
    expect(() => declareExternal(object, [{ kind: 'Secret', name: 'App_DB' }]))
      .toThrow('external Secret "App_DB" is not a valid object name');
  });

  test('an unreadable declaration is a finding, and declares nothing', () => {
    // GIVEN the Namespace's declaration misspelt
    const report = checkWith((app) => {
      app.namespace.metadata.annotations = { [EXTERNAL_ANNOTATION]: 'Secrets/api-db' };
    });

    // THEN the annotation and the Secret it failed to declare are both reported
    expect(report.findings.map((f) => [f.rule, f.object.kind])).toEqual([
      ['gate-annotation', 'Namespace'], ['missing-reference', 'Deployment'],
    ]);
  });
});
