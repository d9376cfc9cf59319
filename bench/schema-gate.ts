import { basename } from 'node:path';
import { ENVIRONMENTS } from '../environments';
import { checkManifests } from '../src/validation/check-manifests';
import { readManifests } from '../validation/manifest-files';

// The validation gate's cost over a synth's output, in this process, each
// environment checked on its own as the synth checks each chart: the first
// call pays for loading the precompiled schema validators, as a synth does.
// Usage: node scripts/run.mjs bench/schema-gate.ts <output folder>
const [folder] = process.argv.slice(2);
try {
  if (folder === undefined) {
    throw new Error('usage: node scripts/run.mjs bench/schema-gate.ts <output folder>');
  }

  const sets = Object.keys(ENVIRONMENTS).map((name) => readManifests([`${folder}/${name}`]));
  const check = () => sets.map((objects, i) => checkManifests(objects,
    { environment: basename(Object.keys(ENVIRONMENTS)[i]) }));
  const cold = performance.now();
  const reports = check();
  const warm = performance.now();
  check();
  const done = performance.now();
  const findings = reports.flatMap((r) => r.findings);
  console.log(JSON.stringify({
    objects: sets.reduce((sum, objects) => sum + objects.length, 0),
    findings: findings.length,
    firstMs: Math.round(warm - cold),
    againMs: Math.round(done - warm),
  }));
  if (findings.length > 0) {
    throw new Error(`gate findings:\n  ${findings.slice(0, 10)
      .map((f) => `[${f.rule}] ${f.object.kind}/${f.object.name}: ${f.problem}`).join('\n  ')}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
