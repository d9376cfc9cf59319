// `npm run bench`: times the synth and the test loop as whole processes with
// hyperfine, reads peak memory from /usr/bin/time -v, and prints one table
// plus the ratios the targets are stated in; the same goes to
// bench/results.json. Options: --runs <n> (default 10), --quick (skips
// `npm test` and the type check).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureWatch } from './watch-latency.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const scratch = join(root, '.build', 'bench');
const options = parseOptions(process.argv.slice(2));
const ROUNDS = 3;

const run = (script, ...args) => ['node', 'scripts/run.mjs', script, ...args];
const generated = (n) => ({
  id: `generated-${n}`,
  label: `${n} services × 4 environments`,
  command: run('bench/synth-generated.ts', String(n), join(scratch, `generated-${n}`)),
});
const CASES = [
  { id: 'synth', label: 'npm run synth', command: ['npm', 'run', 'synth'],
    env: { CDK8S_OUTDIR: join(scratch, 'dist') } },
  { id: 'synth-edited', label: 'npm run synth, after an edit',
    command: ['npm', 'run', 'synth'], env: { CDK8S_OUTDIR: join(scratch, 'dist') },
    // the bundle cache is dropped before each run, as an edit would
    prepare: ['node', 'scripts/run.mjs', '--forget', 'main.ts'] },
  { id: 'floor', label: 'floor: npm + cdk8s, empty chart',
    command: ['npm', 'run', '--silent', 'bench:floor', '--', join(scratch, 'floor')] },
  generated(10),
  generated(50),
  generated(100),
  { id: 'test', label: 'npm test', command: ['npm', 'test'], slow: true },
  { id: 'test-cold', label: 'npm test, no caches', command: ['npm', 'test'],
    slow: true, prepare: ['node', 'bench/forget-caches.mjs'] },
  { id: 'typecheck', label: 'type check alone', command: ['npm', 'run', 'typecheck'],
    slow: true },
  { id: 'typecheck-cold', label: 'type check, no cache', command: ['npm', 'run', 'typecheck'],
    slow: true, prepare: ['node', 'bench/forget-caches.mjs'] },
];

await main();

async function main() {
  requireTool('hyperfine', ['--version'], 'apt-get install hyperfine');
  requireTool('/usr/bin/time', ['-V'], 'apt-get install time');
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(scratch, { recursive: true });
  // other work on the machine shows in every figure; it is recorded with them
  const loadBefore = loadavg();

  // The quick cases are timed in rounds, each case in turn in every round, so
  // that a change in the machine's load during the bench falls on all of them
  // alike rather than on whichever case ran then; the ratios compare like with like.
  const cases = CASES.filter((c) => !(options.quick && c.slow));
  const quick = cases.filter((c) => !c.slow);
  const times = new Map(quick.map((c) => [c.id, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of quick) {
      process.stderr.write(`bench: ${c.label}, round ${round} of ${ROUNDS} ...\n`);
      times.get(c.id).push(...time(c, Math.ceil(options.runs / ROUNDS), round === 1 ? 2 : 1));
    }
  }

  const results = quick.map((c) => measure(c, times.get(c.id)));
  for (const c of cases.filter((c) => c.slow)) {
    process.stderr.write(`bench: ${c.label} ...\n`);
    // npm test takes seconds: fewer runs, and two of the uncached kind
    const runs = c.prepare ? 2 : Math.max(3, Math.ceil(options.runs / 3));
    results.push(measure(c, time(c, runs, c.prepare ? 0 : 1)));
  }

  const gate = measureGate(join(scratch, 'generated-100'));
  process.stderr.write('bench: watch mode ...\n');
  const watch = await measureWatch({ root, changes: Math.max(5, options.runs) });
  const report = summarize(results, gate, watch, loadBefore);
  writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(formatReport(report));
  console.log('\nwritten to bench/results.json');
}

// the wall times of hyperfine's runs of one case, in ms
function time(c, runs, warmup) {
  const json = join(scratch, `${c.id}.json`);
  const env = { ...process.env, ...c.env };
  const args = ['--shell=none', '--warmup', String(warmup), '--runs', String(runs),
    '--export-json', json, '--style', 'none'];
  if (c.prepare) {
    args.push('--prepare', c.prepare.join(' '));
  }
  execFileSync('hyperfine', [...args, c.command.join(' ')], { cwd: root, env, stdio: 'inherit' });
  return JSON.parse(readFileSync(json, 'utf8')).results[0].times.map((s) => s * 1000);
}

function measure(c, times) {
  const slow = c.slow === true;
  const env = { ...process.env, ...c.env };

  // peak memory and the objects written, from separate runs under time -v;
  // the uncached test runs are not probed again, to keep the bench short
  const probes = Array.from({ length: slow ? (c.prepare ? 0 : 1) : 3 }, () => {
    if (c.prepare) {
      execFileSync(c.prepare[0], c.prepare.slice(1), { cwd: root, env });
    }
    return probe(c.command, env);
  });
  return {
    id: c.id,
    label: c.label,
    slow,
    command: c.command.join(' '),
    runs: times.length,
    timesMs: times.map((t) => Math.round(t * 10) / 10),
    medianMs: median(times),
    peakRssMb: probes.length > 0 ? median(probes.map((p) => p.rssMb)) : undefined,
    objects: probes[0]?.objects,
  };
}

function probe(command, env) {
  const result = spawnSync('/usr/bin/time', ['-v', ...command],
    { cwd: root, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command.join(' ')} failed:\n${result.stderr}`);
  }

  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(result.stderr);
  const objects = [...result.stdout.matchAll(/: (\d+) objects written/g)]
    .reduce((sum, m) => sum + Number(m[1]), 0);
  return { rssMb: rss ? Number(rss[1]) / 1024 : NaN, objects: objects || undefined };
}

// the schema validator over the 100-service output, timed inside its process
function measureGate(folder) {
  const samples = Array.from({ length: Math.max(5, Math.ceil(options.runs / 2)) }, () =>
    JSON.parse(execFileSync('node', ['scripts/run.mjs', 'bench/schema-gate.ts', folder],
      { cwd: root, encoding: 'utf8' })));
  return {
    objects: samples[0].objects,
    firstMs: median(samples.map((s) => s.firstMs)),
    againMs: median(samples.map((s) => s.againMs)),
  };
}

function summarize(results, gate, watch, loadBefore) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  const ms = (id) => byId[id]?.medianMs;
  for (const r of results) {
    r.objectsPerSecond = r.objects ? Math.round(r.objects / (r.medianMs / 1000)) : undefined;
  }

  const ratios = {
    synthOverFloor: ms('synth') / ms('floor'),
    synthEditedOverFloor: ms('synth-edited') / ms('floor'),
    generated100Over50: ms('generated-100') / ms('generated-50'),
    generated50Over10: ms('generated-50') / ms('generated-10'),
  };
  // the memory target is the synth's; jest and tsc are reported, not held to it
  const peak = Math.max(...results.filter((r) => !r.slow).map((r) => r.peakRssMb));
  const targets = [
    target('npm run synth within 1.5× the floor', ratios.synthOverFloor, 1.5, '×'),
    target('100 services × 4 environments within 2 s', ms('generated-100') / 1000, 2, ' s'),
    target('100 services take at most 2.2× 50', ratios.generated100Over50, 2.2, '×'),
    target('synth peak memory under 300 MB', peak, 300, ' MB'),
    target('validation gate at most 300 ms', gate.firstMs, 300, ' ms'),
    target('npm test within 20 s', ms('test') === undefined ? undefined : ms('test') / 1000,
      20, ' s'),
    target('npm test within 20 s, no caches',
      ms('test-cold') === undefined ? undefined : ms('test-cold') / 1000, 20, ' s'),
    target('watch: re-synth per change under 1 s', watch.medianMs / 1000, 1, ' s'),
  ];
  return {
    date: new Date().toISOString(),
    note: 'medians of whole-process wall times; the gate row is the validation gate over '
      + 'each generated environment, in one process',
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version,
      loadAverage: { before: loadBefore.map(round2), after: loadavg().map(round2) },
      hyperfine: execFileSync('hyperfine', ['--version'], { encoding: 'utf8' }).trim() },
    results, gateStandIn: gate, watch, ratios, targets,
  };
}

function target(name, value, limit, unit) {
  return { name, value, limit, unit, met: value === undefined ? undefined : value <= limit };
}

function formatReport(report) {
  const rows = [['case', 'median', 'peak RSS', 'objects', 'objects/s'],
    ...report.results.map((r) => [r.label, `${r.medianMs.toFixed(0)} ms`,
      r.peakRssMb === undefined ? '-' : `${r.peakRssMb.toFixed(0)} MB`,
      r.objects?.toString() ?? '', r.objectsPerSecond?.toString() ?? ''])];
  const { gateStandIn: g, watch: w, ratios } = report;
  return [
    table(rows),
    '',
    `validation gate over ${g.objects} objects: first call ${g.firstMs} ms, `
      + `again ${g.againMs} ms (median)`,
    `watch: ${w.changes} edits, re-synthesized in a median of ${w.medianMs.toFixed(0)} ms `
      + `(max ${w.maxMs.toFixed(0)} ms)`,
    '',
    `synth / floor ${ratios.synthOverFloor.toFixed(2)}×, after an edit `
      + `${ratios.synthEditedOverFloor.toFixed(2)}×; 100 / 50 services `
      + `${ratios.generated100Over50.toFixed(2)}×; 50 / 10 ${ratios.generated50Over10.toFixed(2)}×`,
    '',
    table([['target', 'measured', 'met'], ...report.targets.map((t) => [t.name,
      t.value === undefined ? 'not run' : `${round(t.value)}${t.unit}`,
      t.met === undefined ? '-' : t.met ? 'yes' : 'NO'])]),
  ].join('\n');
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i])
    : cell.padStart(widths[i]))).join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line)].join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round2(value) {
  return Math.round(value * 100) / 100;
}

function round(value) {
  return value >= 10 ? value.toFixed(0) : value.toFixed(2);
}

function requireTool(command, args, install) {
  if (spawnSync(command, args, { stdio: 'ignore' }).error) {
    console.error(`bench: ${command} is needed and was not found; ${install}`);
    process.exit(1);
  }
}

function parseOptions(args) {
  const parsed = { runs: 10, quick: false };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--runs' && Number.isInteger(Number(args[i + 1]))) {
      parsed.runs = Math.max(3, Number(args[++i]));
    } else if (args[i] === '--quick') {
      parsed.quick = true;
    } else {
      console.error('usage: npm run bench -- [--runs <n>] [--quick]');
      process.exit(1);
    }
  }
  return parsed;
}
