import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { environmentConfig } from '../environments';
import { synthesizeEnvironments } from '../src/synthesize';

const ROOT = join(__dirname, '..');

function runSynth(outdir: string, args: string[] = []) {
  return spawnSync(process.execPath, ['scripts/synth.mjs', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir },
  });
}

function snapshotFolder(folder: string): Record<string, string> {
  return Object.fromEntries(readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      return [path, readFileSync(path, 'utf8')];
    }));
}

describe('synth |', () => {
  test('writes the staging manifests, gated, and says so in one line', () => {
    // GIVEN an empty output folder
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');

    // WHEN the synth command runs
    const run = runSynth(outdir);

    // THEN it succeeds with one summary line naming the count and the folder
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const file = join(outdir, 'staging', 'go-chat-ai.yaml');
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain(`staging: ${documents.length} objects written to `);
    expect(run.stdout).toMatch(/, validation gate passed\n$/);
    expect(documents[0].toJSON().kind).toBe('Namespace');
  });

  test('writes byte-identical files for the same input', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    runSynth(outdir);
    const first = readFileSync(join(outdir, 'staging', 'go-chat-ai.yaml'));
    runSynth(outdir);
    expect(readFileSync(join(outdir, 'staging', 'go-chat-ai.yaml')).equals(first)).toBe(true);
  });

  test('an unknown environment fails with a clear message and leaves the output as it was', () => {
    // GIVEN a previous synth's output, plus a file of the user's
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    runSynth(outdir);
    writeFileSync(join(outdir, 'staging', 'notes.txt'), 'mine');
    const before = snapshotFolder(outdir);

    // WHEN a synth asks for an environment that does not exist
    const run = runSynth(outdir, ['staging', 'prodution']);

    // THEN it exits non-zero, says what is known, and nothing changed
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown environment "prodution"; known environments: staging');
    expect(snapshotFolder(outdir)).toEqual(before);
  });

  test('a construct error half-way leaves every environment folder as it was', () => {
    // GIVEN existing output, and a second environment whose image is not pinned
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    mkdirSync(join(outdir, 'staging'), { recursive: true });
    writeFileSync(join(outdir, 'staging', 'go-chat-ai.yaml'), 'previous');
    const staging = environmentConfig('staging');
    const broken = { ...staging, name: 'broken',
      chat: { ...staging.chat, image: { repository: 'example/chat', tag: 'latest' } } };

    // WHEN both are synthesized together
    // THEN the error names the image, and neither folder was touched
    expect(() => synthesizeEnvironments([staging, broken], outdir))
      .toThrow('image tag "latest" is not accepted');
    expect(readFileSync(join(outdir, 'staging', 'go-chat-ai.yaml'), 'utf8')).toBe('previous');
    expect(existsSync(join(outdir, 'broken'))).toBe(false);
    expect(readdirSync(join(outdir, '..')).filter((n) => n !== 'dist')).toEqual([]);
  });

  test('a validation gate finding fails the synth and leaves every folder as it was', () => {
    // GIVEN existing output, and constructs that write a replica count beside the autoscaler
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    mkdirSync(join(outdir, 'staging'), { recursive: true });
    writeFileSync(join(outdir, 'staging', 'go-chat-ai.yaml'), 'previous');
    const toJson = ApiObject.prototype.toJson;
    const spy = jest.spyOn(ApiObject.prototype, 'toJson').mockImplementation(function (
      this: ApiObject,
    ) {
      const json = toJson.call(this);
      if (this.kind !== 'Deployment') return json;
      return { ...json, spec: { ...json.spec, replicas: 3 } };
    });

    // WHEN staging is synthesized
    let message = '';
    try {
      synthesizeEnvironments([environmentConfig('staging')], outdir);
    } catch (error) {
      message = (error as Error).message;
    } finally {
      spy.mockRestore();
    }

    // THEN the error is the gate's report, and the old output is untouched
    expect(message.split('\n').slice(0, 3)).toEqual([
      'staging: Validation failed with the following errors:',
      '  [go-chat-ai] the validation gate failed:',
      '    [hpa-replicas] Deployment/go-chat-ai-staging/auth-service  spec.replicas'
        + '  (go-chat-ai/AuthService/Service/Deployment)',
    ]);
    expect(readFileSync(join(outdir, 'staging', 'go-chat-ai.yaml'), 'utf8')).toBe('previous');
    expect(readdirSync(join(outdir, '..')).filter((n) => n !== 'dist')).toEqual([]);
  });
});
