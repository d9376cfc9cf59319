// `npm run validate [folder...]`: the validation gate over folders of manifests
// (dist/ by default), without a synth. Bundled like scripts/synth.mjs, so it
// costs well under a second and needs no compiled lib/.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.build/validate.js`;

buildSync({
  entryPoints: [`${root}validation/cli.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

const { main } = createRequire(import.meta.url)(outfile);
process.exitCode = main(process.argv.slice(2), (line) => console.log(line));
