import { resolve } from 'node:path';
import { ENVIRONMENTS, environmentConfig } from './environments';
import { displayPath, synthesizeEnvironments } from './src/synthesize';

// cdk8s-cli's `cdk8s synth` tells the app where to write through CDK8S_OUTDIR;
// otherwise dist/ of the project, wherever the command is run from
const outdir = process.env.CDK8S_OUTDIR || resolve(__dirname, '..', 'dist');
const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(ENVIRONMENTS);

try {
  const result = synthesizeEnvironments(names.map(environmentConfig), outdir);
  for (const s of result.environments) {
    console.log(`${s.environment}: ${s.objects} objects written to ${displayPath(s.folder)}/`);
  }
  for (const warning of result.warnings) {
    console.error(`warning: ${warning}`);
  }
} catch (error) {
  console.error(`synth failed, ${displayPath(outdir)}/ left as it was: `
    + (error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
}
