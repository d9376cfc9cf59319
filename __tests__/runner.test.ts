import { spawnSync } from 'node:child_process';
import {
  copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

// A project of two files beside a copy of the runner: an entry point that
// imports a package and requires a plain CommonJS file by path, as the synth
// requires the generated validators.
function scratchProject() {
  const root = mkdtempSync(join(tmpdir(), 'runner-'));
  mkdirSync(join(root, 'scripts'));
  mkdirSync(join(root, 'generated'));
  copyFileSync(join(ROOT, 'scripts', 'run.mjs'), join(root, 'scripts', 'run.mjs'));
  copyFileSync(join(ROOT, 'tsconfig.json'), join(root, 'tsconfig.json'));
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  writeFileSync(join(root, 'package-lock.json'), '{}');
  const write = (file: string, text: string) => writeFileSync(join(root, file), text);
  const run = () => spawnSync(process.execPath, ['scripts/run.mjs', 'entry.ts'],
    { cwd: root, encoding: 'utf8' });
  return { root, write, run };
}

const ENTRY = `import { stringify } from 'yaml';
import { join } from 'node:path';
const value: string = require(join(__dirname, '..', 'generated', 'value.js'));
console.log(stringify({ entry: 'one', value }).trim());
`;

describe('runner |', () => {
  test('runs the entry again from its bundles and V8 code cache, with the same result', () => {
    // GIVEN a project that has been run once
    const project = scratchProject();
    project.write('entry.ts', ENTRY);
    project.write('generated/value.js', "module.exports = 'aaa';\n");
    const first = project.run();

    // WHEN it runs again
    const second = project.run();

    // THEN both print the same, and the second found a code cache per file it compiled
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe('entry: one\nvalue: aaa\n');
    expect(second.stdout).toBe(first.stdout);
    expect(readdirSync(join(project.root, '.build', 'code-cache'))).toHaveLength(3);
  });

  test('an edit that keeps a file\'s length is run as edited, not from the stale cache', () => {
    // GIVEN a project run twice, so that its code cache is in use
    const project = scratchProject();
    project.write('entry.ts', ENTRY);
    project.write('generated/value.js', "module.exports = 'aaa';\n");
    project.run();
    project.run();

    // WHEN the required file and the entry change by the same number of bytes
    project.write('generated/value.js', "module.exports = 'bbb';\n");
    project.write('entry.ts', ENTRY.replace("'one'", "'two'"));

    // THEN the run prints the new values
    expect(project.run().stdout).toBe('entry: two\nvalue: bbb\n');
  });

  test('a code cache damaged on disk is not used', () => {
    // GIVEN a project whose code caches are all in use
    const project = scratchProject();
    project.write('entry.ts', ENTRY);
    project.write('generated/value.js', "module.exports = 'aaa';\n");
    project.run();
    const expected = project.run().stdout;

    // WHEN bytes in the middle of every cache change, its digests left as they were
    const folder = join(project.root, '.build', 'code-cache');
    for (const name of readdirSync(folder)) {
      const data = readFileSync(join(folder, name));
      data.fill(0xff, data.length >> 1, (data.length >> 1) + 64);
      writeFileSync(join(folder, name), data);
    }

    // THEN the next run compiles from the sources and prints what it did before
    const run = project.run();
    expect({ status: run.status, stdout: run.stdout }).toEqual({ status: 0, stdout: expected });
  });

  test('an error while the program loads names the TypeScript file and line', () => {
    // GIVEN an entry whose third line throws
    const project = scratchProject();
    project.write('entry.ts', "export const a = 1;\n\nthrow new Error('bad settings');\n");

    // WHEN it runs
    const run = project.run();

    // THEN it fails with the message and where in entry.ts
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('bad settings\n  at entry.ts:3:7\n');
  });

  test('a crash after the program loaded shows its stack in the TypeScript sources', () => {
    // GIVEN an entry that throws from a timer, after loading, with the bundle's path
    // in its message as a module-not-found error would have
    const project = scratchProject();
    project.write('entry.ts', "export const a = 1;\nsetTimeout(() => {\n"
      + "  throw new Error(`not in ${__filename}`);\n}, 0);\n");

    // WHEN it runs
    const run = project.run();

    // THEN the stack's frame is in entry.ts, not in the bundle
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^Error: not in .*\.build\/entry\.js\n\s+at .*entry\.ts:3:9/);
  });

  test('a thrown value that is not an Error is printed as it is', () => {
    const project = scratchProject();
    project.write('entry.ts', "throw 'no settings';\n");
    const run = project.run();
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 1,
      stderr: 'no settings\n' });
  });
});
