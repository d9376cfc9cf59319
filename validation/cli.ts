import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ManifestFile, checkFiles } from '../src/validation/check-files';
import { formatReport } from '../src/validation/report';

const USAGE = 'usage: npm run validate -- [--environment <name>] [folder or file...]'
  + '  (default: dist/)';
const MANIFEST = /\.(ya?ml|json)$/;

/**
 * `npm run validate`: runs the gate over folders of manifests, each folder on
 * its own, and returns the exit code: 0 when nothing is found, 1 on findings,
 * 2 when the input cannot be read.
 */
export function main(args: readonly string[], print: (line: string) => void): number {
  const { paths, environment, error } = parseArguments(args);
  if (error) {
    print(`${error}\n${USAGE}`);
    return 2;
  }

  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    print(`${missing.join(', ')}: no such file or folder;`
      + ' for dist/, run npm run synth first');
    return 2;
  }

  const files = paths.flatMap(manifestFiles);
  if (files.length === 0) {
    print(`no .yaml, .yml or .json manifests in ${paths.join(', ')}`);
    return 2;
  }

  const parsed = files.map(readManifest);
  const broken = parsed.filter((p): p is string => typeof p === 'string');
  if (broken.length > 0) {
    broken.forEach(print);
    return 2;
  }

  const reports = checkFiles(parsed as ManifestFile[], { environment });
  for (const { folder, report } of reports) {
    print(formatReport(report, { title: `${displayPath(folder)}/` }));
  }
  return reports.some(({ report }) => report.findings.length > 0) ? 1 : 0;
}

function parseArguments(args: readonly string[]) {
  const paths: string[] = [];
  let environment: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--environment' || args[i] === '-e') {
      environment = args[++i];
      const error = environment ? undefined : `${args[i - 1]} needs a name`;
      if (error) return { paths, environment, error };
    } else if (args[i].startsWith('-')) {
      return { paths, environment, error: `unknown option ${args[i]}` };
    } else {
      paths.push(args[i]);
    }
  }
  return { paths: paths.length > 0 ? paths : ['dist'], environment, error: undefined };
}

/** A path under the working directory relative to it, any other as it is. */
function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside || '.';
}

// dot-folders and node_modules hold no manifests of ours
function manifestFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return manifestFiles(child);
      return MANIFEST.test(entry.name) ? [child] : [];
    });
}

/** The file's documents, or a line saying why it cannot be read. */
function readManifest(file: string): ManifestFile | string {
  const documents = parseAllDocuments(readFileSync(file, 'utf8'));
  const errors = documents.flatMap((doc) => doc.errors);
  if (errors.length > 0) {
    return `${file}: not valid YAML: ${errors[0].message.split('\n')[0]}`;
  }
  return { file, documents: documents.map((doc) => doc.toJS()) };
}
