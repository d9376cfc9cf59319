// Drops every cache under .build/ but the bench's own scratch folder: the type
// checker's, ESLint's and jest's, the runner's bundles and V8's code caches.
// The next `npm test`, `npm run typecheck` or synth then runs as on a fresh
// clone after `npm ci`.
import { readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const build = fileURLToPath(new URL('../.build/', import.meta.url));
let entries = [];
try {
  entries = readdirSync(build);
} catch {
  // nothing cached yet
}
for (const entry of entries.filter((name) => name !== 'bench')) {
  rmSync(`${build}${entry}`, { recursive: true, force: true });
}
