// The validation gate as cdk8s.yaml's validation plugin. cdk8s-cli loads a
// local plugin with require(), so this entry is CommonJS; it bundles the
// plugin class from src/validation, as scripts/run.mjs bundles main.ts, so
// `cdk8s synth` always checks with the rules in the working tree.
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, as said above */
const { buildSync } = require('esbuild');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outfile = path.join(root, '.build', 'validation-plugin.js');

buildSync({
  entryPoints: [path.join(root, 'src', 'validation', 'cdk8s-plugin.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});

module.exports = require(outfile);
