// Runs a TypeScript entry point: esbuild bundles it without type-checking
// (`npm run typecheck` checks types), which keeps every command well under a
// second. Usage: node scripts/run.mjs <entry.ts> [args...]
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [entry, ...args] = process.argv.slice(2);
const outfile = `${root}.build/${basename(entry, '.ts')}.js`;

buildSync({
  entryPoints: [`${root}${entry}`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

process.argv = [process.argv[0], outfile, ...args];
createRequire(import.meta.url)(outfile);
