// `npm test`: the type check, ESLint and jest at the same time, which on two
// cores finishes seconds sooner than one after the other. jest's output is
// shown as it runs; the type checker's and ESLint's, which print nothing when
// all is well, after it. The exit code is non-zero if any of the three failed.
// Arguments go to jest: npm test -- -t 'synth'
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (file) => [process.execPath, `${root}node_modules/${file}`];

const checks = [
  // the same check as `npm run typecheck`, with TypeScript 7's native compiler
  run('type check', bin('typescript-native/bin/tsc'), ['--noEmit', '-p', '.',
    '--incremental', '--tsBuildInfoFile', '.build/tsc.tsbuildinfo']),
  run('ESLint', bin('eslint/bin/eslint.js'), ['.', '--cache', '--cache-strategy', 'content',
    '--cache-location', '.build/eslintcache']),
];
const jest = run('jest', bin('jest/bin/jest.js'), process.argv.slice(2), 'inherit');

const results = await Promise.all([jest, ...checks]);
for (const { name, status, output } of results.slice(1)) {
  if (output !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (status !== 0) console.error(`${name} failed (exit ${status})`);
}
process.exitCode = results.some((r) => r.status !== 0) ? 1 : 0;

function run(name, [command, ...prefix], args, stdio = 'pipe') {
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...args],
      { cwd: root, stdio: ['ignore', stdio, stdio] });
    let output = '';
    child.stdout?.on('data', (chunk) => { output += chunk; });
    child.stderr?.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolve({ name, status: 1, output: `${error.message}\n` }));
    child.on('close', (code, signal) => resolve({ name, status: code ?? signal, output }));
  });
}
