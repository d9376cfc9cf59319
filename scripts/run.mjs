// Runs a TypeScript entry point: esbuild bundles it without type-checking
// (`npm run typecheck` checks types), which keeps every command well under a
// second. Usage: node scripts/run.mjs <entry.ts> [args...]
//        node scripts/run.mjs --forget <entry.ts>   drops the entry's own bundle,
//        so that the next run rebuilds it as after an edit
//
// Where the time goes in a short run: loading each package file by file from
// node_modules, compiling JavaScript, and esbuild itself. So there are two bundles,
// each rebuilt only when what it was built from changed (a stamp beside them
// records that): `.build/<entry>.js`, the project's own code, and
// `.build/<entry>.vendor.js`, the packages it imports, which stands in for them
// in the require cache. Both, and any other file of the project the program
// requires (the generated validators), are compiled from V8's code cache.
import { createHash } from 'node:crypto';
import {
  existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { Module, SourceMap, createRequire, isBuiltin } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const forget = argv[0] === '--forget';
const [entry, ...args] = forget ? argv.slice(1) : argv;
const name = basename(entry ?? '', '.ts');
const outfile = `${root}.build/${name}.js`;
const vendorFile = `${root}.build/${name}.vendor.js`;
const codeCacheDir = `${root}.build/code-cache/`;
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

let stamp;
try {
  stamp = await bundle();
} catch (error) {
  // esbuild's messages name the file, line and column; the stack would not help
  for (const e of error.errors ?? [error]) {
    const at = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : '';
    console.error(`${at}${e.text ?? e.message}`);
  }
  process.exit(1);
}

process.argv = [process.argv[0], outfile, ...args];
try {
  compileProjectFilesFromCache();
  preloadPackages(stamp.packages);
  createRequire(import.meta.url)(outfile);
} catch (error) {
  // an error while the configuration loads: say where, in the TypeScript source
  const frame = sourceFrame(error);
  console.error(`${error.message}${frame ? `\n  at ${frame}` : ''}`);
  process.exit(1);
}

async function bundle() {
  const previous = readStamp();
  if (previous !== undefined && upToDate(previous)) {
    return ensureVendor(previous);
  }

  // esbuild itself takes a while to load, so only when there is work for it
  const { build } = await import('esbuild');
  const result = await build({
    ...BUILD_OPTIONS,
    entryPoints: [`${root}${entry}`],
    outfile,
    packages: 'external',
    sourcemap: true,
    metafile: true,
  });
  writeOutputs(result);
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint);
  const packages = [...new Set(output.imports
    .filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path))].sort();
  const inputs = Object.fromEntries(Object.keys(result.metafile.inputs)
    .map((file) => [file, hashFile(join(root, file))]));
  return ensureVendor({ runner: RUNNER, inputs, packages, vendor: previous?.vendor });
}

function upToDate(stamp) {
  return stamp.runner === RUNNER && existsSync(outfile)
    && Object.entries(stamp.inputs).every(([file, digest]) => hashFile(join(root, file)) === digest);
}

async function ensureVendor(stamp) {
  const key = hash([RUNNER, ...stamp.packages].join('\0'));
  if (stamp.vendor !== key || !existsSync(vendorFile)) {
    // getters, so that a package is evaluated only when the program first needs it
    const contents = stamp.packages.map((pkg) => `Object.defineProperty(exports, `
      + `${JSON.stringify(pkg)}, { get: () => require(${JSON.stringify(pkg)}) });`).join('\n');
    const { build } = await import('esbuild');
    writeOutputs(await build({
      ...BUILD_OPTIONS,
      stdin: { contents, resolveDir: root, loader: 'js' },
      outfile: vendorFile,
      // fewer bytes to read and check against the code cache on every run;
      // identifiers are kept, so stacks still name the packages' functions
      minifyWhitespace: true,
      minifySyntax: true,
    }));
  }

  const current = { ...stamp, vendor: key };
  if (JSON.stringify(current) !== JSON.stringify(readStamp())) {
    writeAtomically(stampFile, JSON.stringify(current));
  }
  return current;
}

// Each package the entry requires is found in the require cache, already
// loaded from the vendor bundle.
function preloadPackages(packages) {
  const vendor = { exports: {} };
  runCached(vendorFile, vendor, createRequire(vendorFile));

  const entryRequire = createRequire(outfile);
  for (const pkg of packages) {
    const file = entryRequire.resolve(pkg);
    const module = new Module(file);
    Object.defineProperty(module, 'exports', { get: () => vendor.exports[pkg] });
    module.filename = file;
    module.loaded = true;
    entryRequire.cache[file] = module;
  }
}

// The project's own CommonJS files outside node_modules (the bundle and the
// generated validators) go through the code cache too; anything else loads as usual.
function compileProjectFilesFromCache() {
  const compile = Module._extensions['.js'];
  Module._extensions['.js'] = function (module, file) {
    if (!file.startsWith(root) || file.includes('/node_modules/')) {
      return compile.call(this, module, file);
    }
    runCached(file, module, createRequire(file));
  };
}

// Runs a CommonJS file compiled from V8's code cache. The cache is written when
// the process exits, so that it holds every function that run compiled; it is
// kept per file and used only for the exact source it was made from (V8 itself
// checks little more than the length).
function runCached(file, module, require) {
  const source = readFileSync(file, 'utf8');
  const digest = createHash('sha256').update(source).digest();
  const cacheFile = `${codeCacheDir}${hash(relative(root, file))}.v8-cache`;
  const cached = readCache(cacheFile, digest);
  const script = new Script(Module.wrap(source), { filename: file, cachedData: cached });
  if (cached === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        writeAtomically(cacheFile, Buffer.concat([digest, script.createCachedData()]));
      } catch {
        // a cache that cannot be written (a read-only .build/) costs speed only
      }
    });
  }

  script.runInThisContext().call(module.exports, module.exports, require, module,
    file, dirname(file));
}

function readCache(cacheFile, digest) {
  try {
    const data = readFileSync(cacheFile);
    const current = data.subarray(0, digest.length).equals(digest);
    return current ? data.subarray(digest.length) : undefined;
  } catch {
    return undefined;
  }
}

// Source maps are read only when there is an error to place: enabling them
// for the whole run costs parsing the bundle's map on every synth.
function sourceFrame(error) {
  const line = (error.stack ?? '').split('\n').find((l) => l.includes(outfile));
  const at = line?.match(/:(\d+):(\d+)\)?$/);
  if (!at) return undefined;
  try {
    const map = new SourceMap(JSON.parse(readFileSync(`${outfile}.map`, 'utf8')));
    const entry = map.findEntry(Number(at[1]) - 1, Number(at[2]) - 1);
    if (!entry.originalSource) return undefined;
    const source = fileURLToPath(new URL(entry.originalSource, `file://${outfile}`));
    return `${relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  } catch {
    return undefined;
  }
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

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return undefined;
  }
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
