// How long `npm run synth -- --watch` takes from an edit to new output. The
// watch runs in a scratch copy of the project (its sources, with node_modules
// linked), so that the real files are never touched: each round changes the
// staging PostgreSQL volume size in the copy's environments/staging.ts and
// times until dist/staging/ holds the new size.
// Usage: node bench/watch-latency.mjs [rounds]
import { spawn } from 'node:child_process';
import {
  cpSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const COPIED = ['main.ts', 'src', 'environments', 'imports', 'scripts', 'tsconfig.json',
  'package.json', 'package-lock.json'];
const ORIGINAL = "postgresql: { storage: { size: '5Gi' }";

/** Runs the watch in a copy of `root` through `changes` edits; medians in ms. */
export async function measureWatch({ root, changes }) {
  const copy = join(root, '.build', 'bench', 'watch-copy');
  rmSync(copy, { recursive: true, force: true });
  mkdirSync(copy, { recursive: true });
  for (const entry of COPIED) {
    cpSync(join(root, entry), join(copy, entry), { recursive: true });
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  const environment = join(copy, 'environments', 'staging.ts');
  const source = readFileSync(environment, 'utf8');
  if (!source.includes(ORIGINAL)) {
    throw new Error(`environments/staging.ts no longer has ${ORIGINAL}; update the bench`);
  }

  const env = { ...process.env };
  delete env.CDK8S_OUTDIR;
  const watcher = spawn(process.execPath, ['scripts/run.mjs', 'main.ts', '--watch'],
    { cwd: copy, env, stdio: 'ignore' });
  const output = join(copy, 'dist', 'staging', '1-platform.yaml');
  try {
    await until(() => existsSync(output), 30_000, 'the first synth');
    const latencies = [];
    for (let i = 1; i <= changes; i++) {
      await sleep(300);
      const size = `storage: ${5 + i}Gi`;
      const started = performance.now();
      writeFileSync(environment, source.replace(ORIGINAL,
        `postgresql: { storage: { size: '${5 + i}Gi' }`));
      await until(() => contains(output, size), 10_000, `an edit to show (${size})`);
      latencies.push(performance.now() - started);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      changes,
      latenciesMs: latencies.map((ms) => Math.round(ms)),
      medianMs: sorted[Math.floor(sorted.length / 2)],
      maxMs: sorted[sorted.length - 1],
    };
  } finally {
    watcher.kill();
  }
}

async function until(condition, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) {
      throw new Error(`watch: waited ${timeoutMs} ms for ${what}`);
    }
    await sleep(5);
  }
}

// the output folder is swapped in whole, so read only a file that was replaced
let seen;
function contains(file, text) {
  try {
    const { ino, mtimeMs } = statSync(file);
    if (seen?.ino === ino && seen.mtimeMs === mtimeMs) {
      return false;
    }
    seen = { ino, mtimeMs };
    return readFileSync(file, 'utf8').includes(text);
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  console.log(await measureWatch({ root, changes: Number(process.argv[2] ?? 10) }));
}
