import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  FixtureObject, GoodApp, NAMESPACE, goodApp, objectsOf,
} from '../validation/good-app';
import { main } from '../validation/cli';

const ROOT = join(__dirname, '..');

type Edit = (app: GoodApp) => FixtureObject[] | void;

/** Writes the fixture, edited, to `<root>/<folder>/app.yaml`, one document per object. */
function writeApp(root: string, folder: string, edit: Edit = () => undefined) {
  const app = goodApp();
  const objects = [...objectsOf(app), ...(edit(app) ?? [])];
  mkdirSync(join(root, folder), { recursive: true });
  const yaml = objects.map((o) => stringify(o)).join('---\n');
  writeFileSync(join(root, folder, 'app.yaml'), yaml);
}

function run(args: string[]) {
  const lines: string[] = [];
  const status = main(args, (line) => lines.push(line));
  return { status, output: lines.join('\n') };
}

const latestImage = (app: GoodApp) => {
  const [container] = app.deployment.spec.template.spec.containers;
  container.image = 'registry.example.com/shop/api:latest';
};
const secretData = () => [{ apiVersion: 'v1', kind: 'Secret',
  metadata: { name: 'api-db', namespace: NAMESPACE }, data: { password: 'c2VjcmV0' } }];

describe('npm run validate |', () => {
  test('each folder is checked on its own and reported by name', () => {
    // GIVEN two environments' folders under one root, one clean, one broken
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeApp(root, 'staging');
    writeApp(root, 'production', latestImage);

    // WHEN the root is validated
    const { status, output } = run([root]);

    // THEN it fails, with the broken folder's finding and both summaries
    expect(status).toBe(1);
    expect(output).toContain('[image-tag] Deployment/shop/api'
      + `  spec.template.spec.containers[0].image  (${join(root, 'production', 'app.yaml')})\n`
      + '    image "registry.example.com/shop/api:latest" uses the moving tag "latest"');
    expect(output).toContain(`${join(root, 'production')}/: 1 finding in 14 objects`);
    expect(output).toContain(`${join(root, 'staging')}/: no findings in 14 objects`);
  });

  test('the folder name is the environment: development may carry a Secret', () => {
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeApp(root, 'development', secretData);
    writeApp(root, 'production', secretData);

    const { status, output } = run([root]);

    expect(status).toBe(1);
    expect(output).toContain('development/: no findings');
    expect(output).toContain('[secret-data] Secret/shop/api-db  data');
  });

  test('--environment overrides the folder name', () => {
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeApp(root, 'development', secretData);
    expect(run(['--environment', 'production', root]).status).toBe(1);
  });

  test('a List of objects, as kubectl get -o yaml writes, is read item by item', () => {
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeFileSync(join(root, 'list.yaml'), stringify({ apiVersion: 'v1', kind: 'List',
      items: objectsOf(goodApp()) }));
    expect(run([root])).toEqual({ status: 0,
      output: `${root}/: no findings in 14 objects` });
  });

  test.each([
    [['/nonexistent/dist'], '/nonexistent/dist: no such file or folder; for dist/, run'],
    [['--verbose'], 'unknown option --verbose'],
    [['--environment'], '--environment needs a name'],
  ])('%j exits 2 with a sentence saying why', (args, message) => {
    const { status, output } = run(args);
    expect(status).toBe(2);
    expect(output).toContain(message);
  });

  test('a file that is not YAML exits 2, naming the file', () => {
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeFileSync(join(root, 'bad.yaml'), 'kind: [Deployment\n');
    const { status, output } = run([root]);
    expect(status).toBe(2);
    expect(output).toMatch(new RegExp(`^${join(root, 'bad.yaml')}: not valid YAML: `));
  });

  test('a folder without manifests exits 2', () => {
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeFileSync(join(root, 'notes.txt'), 'no manifests here');
    expect(run([root])).toEqual({ status: 2,
      output: `no .yaml, .yml or .json manifests in ${root}` });
  });

  test('the npm script runs it, with the exit code', () => {
    // GIVEN a broken folder
    const root = mkdtempSync(join(tmpdir(), 'validate-'));
    writeApp(root, 'staging', latestImage);

    // WHEN the validate command runs on it, as npm run validate does
    const run = spawnSync(process.execPath, ['scripts/run.mjs', 'bin/validate.ts', root],
      { cwd: ROOT, encoding: 'utf8' });

    // THEN
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[image-tag] Deployment/shop/api');
  });
});
