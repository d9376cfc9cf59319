import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationGatePlugin } from 'go-chat-ai-deploy';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { GoodApp, goodApp, objectsOf } from '../validation/good-app';

const ROOT = join(__dirname, '..');

/** A stand-in for cdk8s-cli's ValidationContext, recording what the plugin reports. */
function fakeContext(manifests: string[]) {
  const violations: any[] = [];
  const submitted: { status?: string; metadata?: Record<string, string> } = {};
  const logged: string[] = [];
  return {
    violations, submitted, logged,
    context: {
      manifests,
      parseManifest: (path: string) =>
        parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS()),
      report: {
        addViolation: (v: unknown) => violations.push(v),
        submit: (status: string, metadata?: Record<string, string>) =>
          Object.assign(submitted, { status, metadata }),
      },
      logger: { log: (message: string) => logged.push(message) },
    },
  };
}

function writeApp(edit: (app: GoodApp) => void): string {
  const app = goodApp();
  edit(app);
  const folder = join(mkdtempSync(join(tmpdir(), 'plugin-')), 'staging');
  mkdirSync(folder);
  const yaml = objectsOf(app).map((o) => stringify(o)).join('---\n');
  writeFileSync(join(folder, 'app.yaml'), yaml);
  return join(folder, 'app.yaml');
}

describe('cdk8s validation plugin |', () => {
  test('reports each finding as a violation and fails the report', async () => {
    // GIVEN a written manifest with a latest image and a suppressed missing probe
    const file = writeApp((app) => {
      const container = app.deployment.spec.template.spec.containers[0];
      container.image = 'registry.example.com/shop/api:latest';
      delete container.livenessProbe;
      app.deployment.metadata.annotations = {
        'validation.go-chat-ai.io/suppress': 'probes: exits on its own when hung',
      };
    });
    const { context, violations, submitted, logged } = fakeContext([file]);

    // WHEN cdk8s synth would run the plugin
    await new ValidationGatePlugin().validate(context);

    // THEN
    expect(violations).toEqual([{
      ruleName: 'image-tag: Deployment/shop/api',
      recommendation: 'image "registry.example.com/shop/api:latest" uses the moving tag "latest"',
      fix: 'pin a release tag (repository:1.2.3) or a digest (repository@sha256:...)',
      violatingResources: [{ resourceName: 'api', manifestPath: file,
        locations: ['spec.template.spec.containers[0].image'] }],
    }]);
    expect(submitted).toEqual({ status: 'failure', metadata: expect.objectContaining({
      objects: '14', findings: '1', suppressed: '1' }) });
    expect(logged).toEqual([expect.stringContaining('[probes] Deployment/shop/api')]);
  });

  test('submits success when nothing is found', async () => {
    const { context, violations, submitted } = fakeContext([writeApp(() => undefined)]);
    await new ValidationGatePlugin({ environment: 'production' }).validate(context);
    expect(violations).toEqual([]);
    expect(submitted.status).toBe('success');
  });

  test('cdk8s.yaml loads the plugin class from its CommonJS entry', () => {
    // GIVEN the validations cdk8s synth runs
    const config = parse(readFileSync(join(ROOT, 'cdk8s.yaml'), 'utf8'));
    const [validation] = config.validations;

    // WHEN the entry is required, as cdk8s-cli's plugin manager does
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const plugin = require(join(ROOT, validation.package));

    // THEN it exports the class, which has validate()
    expect(validation.package.startsWith('./')).toBe(true);
    expect(typeof new plugin[validation.class]({}).validate).toBe('function');
  });
});
