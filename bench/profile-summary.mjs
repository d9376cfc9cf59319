// The functions a V8 CPU profile spent its time in: by self time, and by
// total time (a function with everything it called, counted once per stack).
// node --cpu-prof --cpu-prof-dir=.build/profile .build/main.js
// node bench/profile-summary.mjs .build/profile [rows] [pattern for the total view]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [dir, rows = '25', pattern = '.'] = process.argv.slice(2);
if (dir === undefined) {
  console.error('usage: node bench/profile-summary.mjs <profile folder> [rows] [pattern]');
  process.exit(1);
}

// the newest profile in the folder
const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => join(dir, f)).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const parents = new Map();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) {
    parents.set(child, node.id);
  }
}

const selfUs = new Map();
profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const label = ({ callFrame: f }) => `${f.functionName || '(anonymous)'} `
  + `${f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\//, '')}:${f.lineNumber + 1}`;
const self = new Map();
const total = new Map();
for (const [id, us] of selfUs) {
  self.set(label(nodes.get(id)), (self.get(label(nodes.get(id))) ?? 0) + us);
  const counted = new Set();
  for (let at = id; at !== undefined; at = parents.get(at)) {
    const name = label(nodes.get(at));
    if (!counted.has(name)) {
      counted.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
}

const top = (map, filter = () => true) => [...map].filter(([name]) => filter(name))
  .sort((a, b) => b[1] - a[1]).slice(0, Number(rows))
  .map(([name, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`).join('\n');
const sampled = [...selfUs.values()].reduce((a, b) => a + b, 0);
const match = new RegExp(pattern);
console.log(`${file}: ${(sampled / 1000).toFixed(0)} ms sampled\n\nself time\n${top(self)}`
  + `\n\ntotal time${pattern === '.' ? '' : ` (matching ${pattern})`}\n`
  + top(total, (name) => match.test(name)));
