// Runs a TypeScript entry point: esbuild bundles it without type-checking
// (`npm run typecheck` checks types), which keeps every command well under a
// second. Usage: node scripts/run.mjs <entry.ts> [args...]
//        node scripts/run.mjs --forget <entry.ts>   drops the entry's own bundle,
//        so that the next run rebuilds it as after an edit
//
// Loading packages one file at a time from node_modules costs more than the
// synth itself, and bundling them costs more again, so there are two bundles:
// `.build/<entry>.vendor.js` with the packages the entry imports, rebuilt only
// when package-lock.json or that list changes, and `.build/<entry>.js` with
// the project's own code, rebuilt only when one of its files changed. A stamp
// beside them holds what they were built from.
import { createHash } from 'node:crypto';
import {
  existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const forget = argv[0] === '--forget';
const [entry, ...args] = forget ? argv.slice(1) : argv;
const name = basename(entry ?? '', '.ts');
const outfile = `${root}.build/${name}.js`;
const vendorFile = `${root}.build/${name}.vendor.js`;
const stampFile = `${root}.build/${name}.stamp.json`;
const BUILD_OPTIONS = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'silent',
  write: false,
};
// what both bundles depend on besides their own inputs: this script, the
// compiler settings and the installed packages, esbuild among them
const RUNNER = hash([fileURLToPath(import.meta.url), `${root}tsconfig.json`,
  `${root}package-lock.json`].map(hashFile).join('\0'));

if (forget) {
  rmSync(outfile, { force: true });
  process.exit(0);
}

try {
  await bundle();
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

async function bundle() {
  let stamp = readStamp();
  if (stamp === undefined || !upToDate(stamp)) {
    // esbuild itself takes a while to load, so only when there is work for it
    const { build } = await import('esbuild');
    const packages = new Set();
    const result = await build({
      ...BUILD_OPTIONS,
      entryPoints: [`${root}${entry}`],
      outfile,
      sourcemap: true,
      metafile: true,
      plugins: [vendorPlugin(packages)],
    });
    writeOutputs(result);
    const inputs = Object.fromEntries(Object.keys(result.metafile.inputs)
      .filter((file) => !file.startsWith('vendor:'))
      .map((file) => [file, hashFile(join(root, file))]));
    stamp = { runner: RUNNER, inputs, packages: [...packages].sort(), vendor: stamp?.vendor };
    writeStamp(stamp);
  }

  await ensureVendor(stamp);
}

// every package import becomes a property of the vendor bundle
function vendorPlugin(packages) {
  return {
    name: 'vendor',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (isBuiltin(args.path) || args.pluginData?.vendor) {
          return undefined;
        }

        // a bare name may still be the project's own, through tsconfig paths
        const found = await build.resolve(args.path, { kind: args.kind,
          resolveDir: args.resolveDir, pluginData: { vendor: true } });
        if (found.errors.length > 0 || !found.path.includes('/node_modules/')) {
          return undefined;
        }
        packages.add(args.path);
        return { path: args.path, namespace: 'vendor' };
      });
      build.onLoad({ filter: /.*/, namespace: 'vendor' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(`./${name}.vendor.js`)})`
          + `[${JSON.stringify(args.path)}];`,
        loader: 'js',
      }));
      build.onResolve({ filter: /\.vendor\.js$/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

async function ensureVendor(stamp) {
  const key = hash([RUNNER, ...stamp.packages].join('\0'));
  if (stamp.vendor === key && existsSync(vendorFile)) {
    return;
  }

  // getters, so that a package loads only when the program first needs it
  const contents = stamp.packages.map((pkg) => `Object.defineProperty(exports, `
    + `${JSON.stringify(pkg)}, { enumerable: true, get: () => require(${JSON.stringify(pkg)}) });`)
    .join('\n');
  const { build } = await import('esbuild');
  writeOutputs(await build({
    ...BUILD_OPTIONS,
    stdin: { contents, resolveDir: root, loader: 'js' },
    outfile: vendorFile,
  }));
  writeStamp({ ...stamp, vendor: key });
}

// each file is written whole and renamed into place, so that a run started
// meanwhile never loads half a bundle
function writeOutputs(result) {
  for (const file of result.outputFiles) {
    writeAtomically(file.path, file.contents);
  }
}

function writeAtomically(file, contents) {
  mkdirSync(dirname(file), { recursive: true });
  const scratch = `${file}.tmp-${process.pid}`;
  writeFileSync(scratch, contents);
  renameSync(scratch, file);
}

function upToDate(stamp) {
  return stamp.runner === RUNNER && existsSync(outfile)
    && Object.entries(stamp.inputs).every(([file, digest]) => hashFile(join(root, file)) === digest);
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
}

function writeStamp(stamp) {
  writeAtomically(stampFile, JSON.stringify(stamp));
}

function hashFile(file) {
  try {
    return hash(readFileSync(file));
  } catch {
    return 'missing';
  }
}

function hash(data) {
  return createHash('sha256').update(data).digest('hex');
}
