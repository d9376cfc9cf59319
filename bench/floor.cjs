// The least any cdk8s app pays: a CommonJS process that loads cdk8s and
// cdk8s-plus-28 from node_modules and synthesizes one empty chart. `npm run
// bench` times it through npm, as `npm run synth` is timed.
// Usage: node bench/floor.cjs [outdir]   (default .build/bench/floor, not dist/)
/* eslint-disable @typescript-eslint/no-require-imports */
const { App, Chart } = require('cdk8s');
require('cdk8s-plus-28');

const app = new App({
  outdir: process.argv[2] ?? require('node:path').join(__dirname, '..', '.build', 'bench', 'floor'),
});
new Chart(app, 'empty');
app.synth();
