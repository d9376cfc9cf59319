import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, JsonPatch, ApiObject } from 'cdk8s';
import {
  AuthService, ExternalPostgres, ExternalRedis, ValidationGate, checkManifests,
  declareExternal,
} from 'go-chat-ai-deploy';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS, environmentConfig } from '../environments';
import { synthesizeEnvironments } from '../src/synthesize';

/** The README's example: auth-service in someone else's chart, on managed data stores. */
function identityChart(outdir: string) {
  const app = new App({ outdir });
  const chart = new Chart(app, 'identity', { disableResourceNameHashes: true });
  const auth = new AuthService(chart, 'Auth', {
    namespace: 'identity', instance: 'identity-prod', environment: 'production',
    image: { repository: 'registry.example.com/auth-service', tag: '2.3.1' },
    database: new ExternalPostgres({
      host: 'db.internal.example.com', cidr: '10.20.0.0/16',
      databases: [{ name: 'auth', secretName: 'auth-db' }],
    }).connectionFor('auth'),
    redis: new ExternalRedis({ host: 'cache.internal.example.com', cidr: '10.21.0.0/16',
      password: { secretName: 'cache', key: 'password' } }).connection,
    jwtSecretName: 'auth-jwt',
    settings: {
      allowedOrigins: ['https://app.example.com'], database: { sslMode: 'require' },
    },
  });
  return { app, chart, deployment: auth.service.node.findChild('Deployment') };
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('app.synth() passed');
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'gate-'));
}

describe('validation gate |', () => {
  test.each(Object.keys(ENVIRONMENTS))('the %s output passes, in the synth and read back', (
    name,
  ) => {
    // GIVEN the environment synthesized as npm run synth does
    const outdir = scratch();
    const [summary] = synthesizeEnvironments([environmentConfig(name)], outdir).environments;

    // WHEN the written manifests are checked again, as npm run validate does
    const objects = readdirSync(join(outdir, name)).sort().flatMap((file) =>
      parseAllDocuments(readFileSync(join(outdir, name, file), 'utf8')).map((d) => d.toJS()));
    const report = checkManifests(objects, { environment: name });

    // THEN both found nothing and suppressed nothing
    expect(summary.validation.findings).toEqual([]);
    expect(report.findings).toEqual([]);
    // AND the one suppression is the HTTP-01 solver policy, with its reason
    const expected = environmentConfig(name).certificates.enabled ? [{
      rule: 'network-policy-selector', name: 'cm-acme-http-solver',
      reason: 'cert-manager creates the HTTP-01 solver pods only while a challenge runs',
    }] : [];
    expect(report.suppressed.map((s) => ({ rule: s.rule, name: s.object.name, reason: s.reason })))
      .toEqual(expected);
    expect(report.objects).toBe(summary.objects);
  });

  test('another app\'s chart gets the same gate: app.synth() fails with its report', () => {
    // GIVEN auth-service in another app's chart, its Secrets undeclared
    const { app, chart } = identityChart(scratch());
    const gate = ValidationGate.addTo(chart, { environment: 'production' });

    // WHEN it synthesizes
    const message = synthError(app);

    // THEN it fails with the report, under the chart's path, naming the construct
    expect(message).toContain('  [identity] the validation gate failed:\n'
      + '    [missing-reference] Deployment/identity/auth-service'
      + '  spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name'
      + '  (identity/Auth/Service/Deployment)\n'
      + '        Secret "auth-db", read 2 times here, is neither in the manifests nor declared'
      + ' external — create it in namespace "identity", or declare it made elsewhere:');
    expect(message).toContain('    production: 3 findings in 6 objects');
    expect(gate.report?.findings.map((f) => f.problem.split(/[, ]/)[1])).toEqual([
      '"auth-db"', '"auth-jwt"', '"cache"',
    ]);
  });

  test('the same chart passes once its Secrets are declared external', () => {
    // GIVEN the Secrets declared on the Deployment that reads them
    const outdir = scratch();
    const { app, chart, deployment } = identityChart(outdir);
    declareExternal(deployment, ['auth-db', 'auth-jwt', 'cache'].map((name) => ({
      kind: 'Secret' as const, name })));
    const gate = ValidationGate.addTo(chart, { environment: 'production' });

    // WHEN
    app.synth();

    // THEN
    expect(gate.report)
      .toEqual({ environment: 'production', objects: 6, findings: [], suppressed: [] });
    expect(readFileSync(join(outdir, 'identity.k8s.yaml'), 'utf8')).toContain(
      'validation.go-chat-ai.io/external: Secret/auth-db, Secret/auth-jwt, Secret/cache');
  });

  test('the gate also runs when a chart is turned into JSON', () => {
    // GIVEN a gated chart with a bad image
    const { chart, deployment } = identityChart(scratch());
    ValidationGate.addTo(chart);
    (deployment as ApiObject).addJsonPatch(
      JsonPatch.replace('/spec/template/spec/containers/0/image', 'auth-service'));

    // THEN chart.toJson(), as Testing.synth uses it, fails too
    expect(() => chart.toJson()).toThrow(/\[image-tag\] Deployment\/identity\/auth-service/);
  });

  test('a chart takes one gate, and ValidationGate.of finds it', () => {
    const { chart } = identityChart(scratch());
    const gate = ValidationGate.addTo(chart);
    expect(ValidationGate.of(chart)).toBe(gate);
    expect(ValidationGate.of(new Chart(new App(), 'other'))).toBeUndefined();
    expect(() => ValidationGate.addTo(chart))
      .toThrow('chart "identity" already has a validation gate; use ValidationGate.of(chart)');
  });
});
