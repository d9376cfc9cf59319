import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENTS, environmentConfig } from '../environments';
import { synthesizeEnvironments } from '../src/synthesize';

const ROOT = join(__dirname, '..');

function runSynth(outdir: string, args: string[] = []) {
  return spawnSync(process.execPath, ['scripts/run.mjs', 'main.ts', ...args], {
    cwd: ROOT, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir },
  });
}

// a previous synth's output, written in this process as the command would
// write it: cheaper than another process where that is not what is tested
function previousOutput(outdir: string): void {
  synthesizeEnvironments(Object.keys(ENVIRONMENTS).map((name) => environmentConfig(name)), outdir);
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
  test('writes every environment into its own folder, gated, one summary line each', () => {
    // GIVEN an empty output folder
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');

    // WHEN the synth command runs
    const run = runSynth(outdir);

    // THEN it succeeds with one summary line naming the count and the folder
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const read = (file: string) => parseAllDocuments(
      readFileSync(join(outdir, 'staging', file), 'utf8')).map((d) => d.toJSON());
    const [kept, platform] = [read('0-namespace.yaml'), read('1-platform.yaml')];
    expect(run.stdout.trim().split('\n').map((line) => line.split(':')[0]))
      .toEqual(['development', 'testing', 'staging', 'production']);
    expect(run.stdout).toContain(`staging: ${kept.length + platform.length} objects written to `);
    expect(run.stdout).toMatch(/^staging: .*, validation gate passed \(1 suppressed, see npm run validate\)$/m);
    expect(run.stdout).toMatch(/^development: .*, validation gate passed$/m);
    expect(readdirSync(outdir).sort()).toEqual(['development', 'production', 'staging', 'testing']);
    expect(readdirSync(join(outdir, 'staging'))).toEqual(['0-namespace.yaml', '1-platform.yaml']);

    // AND the namespace and the backup volume stand apart, so deleting the platform keeps them
    expect(kept.map((o) => o.kind)).toEqual(['Namespace', 'PersistentVolumeClaim']);
    expect(platform.filter((o) => ['Namespace', 'PersistentVolumeClaim'].includes(o.kind)))
      .toEqual([]);
  });

  test('writes byte-identical files for the same input', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    runSynth(outdir);
    const first = snapshotFolder(outdir);
    runSynth(outdir);
    expect(snapshotFolder(outdir)).toEqual(first);
  });

  test('an unknown environment fails with a clear message and leaves the output as it was', () => {
    // GIVEN a previous synth's output, plus a file of the user's
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    previousOutput(outdir);
    writeFileSync(join(outdir, 'staging', 'notes.txt'), 'mine');
    const before = snapshotFolder(outdir);

    // WHEN a synth asks for an environment that does not exist
    const run = runSynth(outdir, ['staging', 'prodution']);

    // THEN it exits non-zero, says what is known, and nothing changed
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('unknown environment "prodution"; known environments: '
      + 'development, testing, staging, production');
    expect(snapshotFolder(outdir)).toEqual(before);
  });

  test('a construct error half-way leaves every environment folder as it was', () => {
    // GIVEN existing output, and a second environment whose image is not pinned
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    mkdirSync(join(outdir, 'staging'), { recursive: true });
    writeFileSync(join(outdir, 'staging', '1-platform.yaml'), 'previous');
    const staging = environmentConfig('staging');
    const broken = { ...staging, name: 'broken',
      chat: { ...staging.chat, image: { repository: 'example/chat', tag: 'latest' } } };

    // WHEN both are synthesized together
    // THEN the error names the image, and neither folder was touched
    expect(() => synthesizeEnvironments([staging, broken], outdir))
      .toThrow('image tag "latest" is not accepted');
    expect(readFileSync(join(outdir, 'staging', '1-platform.yaml'), 'utf8')).toBe('previous');
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

describe('synth | refusals that keep the output', () => {
  test('an environment asked for twice is refused before anything is written', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    previousOutput(outdir);
    const before = snapshotFolder(outdir);
    const run = runSynth(outdir, ['staging', 'staging']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('environment "staging" is asked for twice; name each once');
    expect(snapshotFolder(outdir)).toEqual(before);
  });

  test.each(['__proto__', 'toString'])('"%s" is not an environment', (name) => {
    const run = runSynth(join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist'), [name]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`unknown environment "${name}"`);
  });

  test('a synth waits its turn: a live lock on the output folder refuses a second one', () => {
    // GIVEN a lock held by a running process (this one)
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    mkdirSync(outdir);
    writeFileSync(`${outdir}.lock`, String(process.pid));

    // WHEN another synth starts, THEN it refuses and names the holder
    const run = runSynth(outdir);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`another synth (process ${process.pid}) is writing`);
    expect(readdirSync(outdir)).toEqual([]);
  });

  test('a lock left by a process that is gone is taken over', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'synth-')), 'dist');
    mkdirSync(outdir);
    writeFileSync(`${outdir}.lock`, '999999999');
    expect(runSynth(outdir).status).toBe(0);
    expect(existsSync(`${outdir}.lock`)).toBe(false);
  });
});
