// `npm run validate:compile`: regenerates src/validation/generated/ from
// schemas/ with ajv's standalone code generation, so that a synth loads the
// schema validators instead of compiling them (several hundred ms). Run it
// after vendoring new schemas; a test fails while the generated file is stale.
import { buildSync } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.build/validate-compile.js`;

buildSync({
  entryPoints: [`${root}validation/compile-validators.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

mkdirSync(`${root}src/validation/generated`, { recursive: true });
createRequire(import.meta.url)(outfile).main();
