import { spawnSync } from 'node:child_process';
import {
  copyFileSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync,
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
});
