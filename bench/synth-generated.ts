import { resolve } from 'node:path';
import { ENVIRONMENTS, environmentConfig } from '../environments';
import { displayPath, synthesizeCharts } from '../src/synthesize';
import { generatedPlatform } from './generated-platform';

// node scripts/run.mjs bench/synth-generated.ts <services> [outdir]: a generated
// platform of that many services in every environment, written as `npm run
// synth` writes the real one
const [count, out] = process.argv.slice(2);
const services = Number(count);
try {
  if (!Number.isInteger(services) || services < 1) {
    throw new Error('usage: node scripts/run.mjs bench/synth-generated.ts <services> [outdir]');
  }

  const outdir = resolve(out ?? resolve(__dirname, '..', '.build', 'generated'));
  const configs = Object.keys(ENVIRONMENTS).map((name) => environmentConfig(name));
  const result = synthesizeCharts(generatedPlatform(configs, services), outdir);
  for (const s of result.environments) {
    console.log(`${s.environment}: ${s.objects} objects written to ${displayPath(s.folder)}/`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
