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

try {
  buildSync({
    entryPoints: [`${root}${entry}`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'silent',
  });
} catch (error) {
  // esbuild's messages name the file, line and column; the stack would not help
  for (const e of error.errors ?? [error]) {
    const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
    console.error(`${at}${e.text ?? e.message}`);
  }
  process.exit(1);
}

process.setSourceMapsEnabled(true);
process.argv = [process.argv[0], outfile, ...args];
try {
  createRequire(import.meta.url)(outfile);
} catch (error) {
  // an error while the configuration loads: say where, in the TypeScript source
  const frame = (error.stack ?? '').split('\n').find((line) => /\.ts:\d+/.test(line));
  console.error(`${error.message}${frame ? `\n  ${frame.trim()}` : ''}`);
  process.exit(1);
}
