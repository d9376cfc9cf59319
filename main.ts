import { ENVIRONMENTS, environmentConfig } from './environments';
import { displayPath, synthesizeEnvironments } from './src/synthesize';
import { suppressedLines } from './src/validation/report';

// cdk8s-cli's `cdk8s synth` tells the app where to write through CDK8S_OUTDIR
const outdir = process.env.CDK8S_OUTDIR ?? 'dist';
const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(ENVIRONMENTS);

try {
  const summaries = synthesizeEnvironments(names.map(environmentConfig), outdir);
  for (const s of summaries) {
    const suppressed = suppressedLines(s.validation);
    const listed = suppressed.length > 0 ? `, ${suppressed.length} suppressed:` : '';
    const folder = `${displayPath(s.folder)}/`;
    console.log(`${s.environment}: ${s.objects} objects written to ${folder},`
      + ` validation gate passed${listed}`);
    suppressed.forEach((line) => console.log(line));
  }
} catch (error) {
  console.error(`synth failed, ${displayPath(outdir)}/ left as it was: `
    + (error instanceof Error ? error.message : String(error)));
  process.exitCode = 1;
}
