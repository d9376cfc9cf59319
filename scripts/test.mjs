// `npm test`: the type check, ESLint and jest at the same time, which on two
// cores finishes seconds sooner than one after the other. jest's output is
// shown as it runs; the type checker's and ESLint's, which print nothing when
// all is well, after it (as soon as each ends, under `--watch`). The exit code
// is non-zero if any of the three failed.
// Arguments go to jest: npm test -- -t 'synth'
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (file) => [process.execPath, `${root}node_modules/${file}`];
const jestArgs = process.argv.slice(2);
const watching = jestArgs.some((a) => a === '--watch' || a === '--watchAll');
const children = new Set();

const checks = [
  // the same check as `npm run typecheck`, with TypeScript 7's native compiler
  run('type check', bin('typescript-native/bin/tsc'), ['--noEmit', '-p', '.',
    '--incremental', '--tsBuildInfoFile', '.build/tsc.tsbuildinfo']),
  run('ESLint', bin('eslint/bin/eslint.js'), ['.', '--cache', '--cache-strategy', 'content',
    '--cache-location', '.build/eslintcache']),
];
if (watching) checks.forEach((check) => check.then(report));
const jest = run('jest', bin('jest/bin/jest.js'), jestArgs, 'inherit');

// a signal to this process alone, not its group, still reaches the three
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    children.forEach((child) => child.kill(signal));
    process.exitCode = 1;
  });
}

const results = await Promise.all([jest, ...checks]);
if (!watching) results.slice(1).forEach(report);
process.exitCode = results.some((r) => r.status !== 0) ? 1 : process.exitCode;

function report({ name, status, output }) {
  if (output !== '') process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (status !== 0) console.error(`${name} failed (exit ${status})`);
}

function run(name, [command, ...prefix], args, stdio = 'pipe') {
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, ...args],
      { cwd: root, stdio: [stdio === 'inherit' ? 'inherit' : 'ignore', stdio, stdio] });
    children.add(child);
    let output = '';
    child.stdout?.on('data', (chunk) => { output += chunk; });
    child.stderr?.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolve({ name, status: 1, output: `${error.message}\n` }));
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ name, status: code ?? signal, output });
    });
  });
}
