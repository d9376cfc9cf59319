// Bundles main.ts without type-checking (esbuild only strips types; `npm run
// typecheck` checks them) and runs it, so a synth costs well under a second.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}.build/main.js`;

buildSync({
  entryPoints: [`${root}main.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

createRequire(import.meta.url)(outfile);
