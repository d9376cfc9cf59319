import { ENVIRONMENTS } from '../environments';
import { readManifests } from '../validation/manifest-files';
import { validateManifests } from '../validation/kube-schema';

// The schema validator's cost over a synth's output, in this process: the
// first call pays for loading and compiling the schemas, as a synth would.
// It stands in for the validation gate until the gate is part of the synth.
// Usage: node scripts/run.mjs bench/schema-gate.ts <output folder>
const [folder] = process.argv.slice(2);
try {
  if (folder === undefined) {
    throw new Error('usage: node scripts/run.mjs bench/schema-gate.ts <output folder>');
  }

  const objects = readManifests(Object.keys(ENVIRONMENTS).map((name) => `${folder}/${name}`));
  const cold = performance.now();
  const findings = validateManifests(objects);
  const warm = performance.now();
  validateManifests(objects);
  const done = performance.now();
  console.log(JSON.stringify({
    objects: objects.length,
    findings: findings.length,
    firstMs: Math.round(warm - cold),
    againMs: Math.round(done - warm),
  }));
  if (findings.length > 0) {
    throw new Error(`schema findings:\n  ${findings.slice(0, 10).map((f) => f.message).join('\n  ')}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
