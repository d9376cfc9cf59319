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
import { fileURLToPath, pathToFileURL } from 'node:url';
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
let sourceMap; // the bundle's, read when an error needs it
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
  // an edit also invalidates the bundle's code cache
  rmSync(outfile, { force: true });
  rmSync(codeCacheOf(outfile), { force: true });
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
  process.on('uncaughtException', (error) => {
    // a crash after the program loaded: its stack, placed in the TypeScript sources
    console.error(error instanceof Error ? sourceStack(error.stack ?? String(error))
      : `uncaught ${String(error)}`);
    process.exit(1);
  });
  createRequire(import.meta.url)(outfile);
} catch (error) {
  // an error while the configuration loads: what it says, and where in the sources
  const frame = error instanceof Error ? sourceFrame(error.stack ?? '') : undefined;
  const message = error instanceof Error ? error.message : String(error);
  console.error(`${message}${frame ? `\n  at ${frame}` : ''}`);
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
  return stamp.runner === RUNNER && existsSync(outfile) && existsSync(`${outfile}.map`)
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
// the process exits, so that it holds every function that run compiled. It is
// kept per file and used only for the exact source it was made from, and only
// when it is itself intact: V8 checks little more than the source's length,
// and compiles whatever else it is given into the program.
function runCached(file, module, require) {
  const source = readFileSync(file, 'utf8');
  const sourceDigest = digestOf(source);
  const cacheFile = codeCacheOf(file);
  const cached = readCache(cacheFile, sourceDigest);
  const script = new Script(Module.wrap(source), { filename: file, cachedData: cached });
  if (cached === undefined || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        const data = script.createCachedData();
        writeAtomically(cacheFile, Buffer.concat([sourceDigest, digestOf(data), data]));
      } catch {
        // a cache that cannot be written (a read-only .build/) costs speed only
      }
    });
  }

  script.runInThisContext().call(module.exports, module.exports, require, module,
    file, dirname(file));
}

function codeCacheOf(file) {
  return `${codeCacheDir}${hash(relative(root, file))}.v8-cache`;
}

// the cache's data, if the file holds the source's digest, then the digest of
// the data and the data itself
function readCache(cacheFile, sourceDigest) {
  try {
    const file = readFileSync(cacheFile);
    const data = file.subarray(64);
    const intact = file.subarray(0, 32).equals(sourceDigest)
      && file.subarray(32, 64).equals(digestOf(data));
    return intact ? data : undefined;
  } catch {
    return undefined;
  }
}

// Source maps are read only when there is an error to place: enabling them
// for the whole run costs parsing the bundle's map on every synth.
function sourceLocation(line, column) {
  try {
    sourceMap ??= new SourceMap(JSON.parse(readFileSync(`${outfile}.map`, 'utf8')));
    const entry = sourceMap.findEntry(line - 1, column - 1);
    if (!entry.originalSource) return undefined;
    const source = fileURLToPath(new URL(entry.originalSource, pathToFileURL(outfile)));
    return `${relative(root, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  } catch {
    return undefined;
  }
}

// the bundle's place in one line of a stack, if the line is a frame in it
function frameIn(line) {
  const at = /^\s+at (?:.* \()?(.+):(\d+):(\d+)\)?$/.exec(line);
  return at && at[1] === outfile ? { line: Number(at[2]), column: Number(at[3]) } : undefined;
}

// the first frame in the bundle, as a place in the sources
function sourceFrame(stack) {
  for (const line of stack.split('\n')) {
    const frame = frameIn(line);
    if (frame) return sourceLocation(frame.line, frame.column);
  }
  return undefined;
}

// the stack, with each frame in the bundle replaced by its place in the sources
function sourceStack(stack) {
  return stack.split('\n').map((line) => {
    const frame = frameIn(line);
    const source = frame && sourceLocation(frame.line, frame.column);
    return source ? line.replace(`${outfile}:${frame.line}:${frame.column}`, source) : line;
  }).join('\n');
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
  return digestOf(data).toString('hex');
}

function digestOf(data) {
  return createHash('sha256').update(data).digest();
}
