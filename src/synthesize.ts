import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ApiObject, App, YamlOutputType } from 'cdk8s';
import { PlatformConfig, SECRET_NAMES } from './platform-config';
import { PlatformChart } from './platform-chart';
import { ValidationReport } from './validation/check-manifests';
import { ExternalPrerequisite, declareExternal } from './validation/external';
import { ValidationGate } from './validation/validation-gate';

/** What one environment's synth wrote. */
export interface SynthSummary {
  /** Environment name. */
  readonly environment: string;

  /** Kubernetes objects written. */
  readonly objects: number;

  /** Folder the manifests were written to. */
  readonly folder: string;

  /** The validation gate's report: no findings, since it passed, and what it suppressed. */
  readonly validation: ValidationReport;
}

/** The chart id, and so the manifest file name in each environment's folder. */
export const CHART_ID = 'go-chat-ai';

/**
 * Synthesizes each environment into `<outdir>/<name>/`. Everything is written
 * to a scratch folder first and moved into place only when every environment
 * succeeded, so a failure leaves the previous output exactly as it was. Each
 * chart passes the validation gate on the way, or the synth fails.
 */
export function synthesizeEnvironments(
  configs: readonly PlatformConfig[],
  outdir: string,
): SynthSummary[] {
  const scratch = `${outdir.replace(/\/+$/, '')}.tmp-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });

  try {
    const summaries = configs.map((config) => synthesizeOne(config, join(scratch, config.name)));
    mkdirSync(outdir, { recursive: true });
    for (const config of configs) {
      replaceFolder(join(scratch, config.name), join(outdir, config.name));
    }

    return summaries.map((s) => ({ ...s, folder: join(outdir, s.environment) }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function synthesizeOne(config: PlatformConfig, folder: string): SynthSummary {
  const app = new App({
    outdir: folder,
    outputFileExtension: '.yaml',
    yamlOutputType: YamlOutputType.FILE_PER_CHART,
    // cdk8s synth asks for construct-metadata.json, which kubectl would try to apply
    recordConstructMetadata: false,
  });
  const chart = new PlatformChart(app, CHART_ID, { config });
  declareExternal(namespaceOf(chart), externalSecrets(config));
  const gate = ValidationGate.addTo(chart, { environment: config.name });

  try {
    app.synth();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${config.name}: ${message}`);
  }

  const validation = gate.report;
  if (validation === undefined) {
    throw new Error(`${config.name}: the validation gate did not run during app.synth()`);
  }
  const objects = readdirSync(folder)
    .map((file) => countDocuments(readFileSync(join(folder, file), 'utf8')))
    .reduce((sum, n) => sum + n, 0);
  return { environment: config.name, objects, folder, validation };
}

// The Secrets the README has the user create, declared on the Namespace they
// are created in; only the in-cluster PostgreSQL reads the superuser's.
function externalSecrets(config: PlatformConfig): ExternalPrerequisite[] {
  const inCluster = config.postgresql.external === undefined;
  return Object.entries(SECRET_NAMES)
    .filter(([purpose]) => inCluster || purpose !== 'postgresqlSuperuser')
    .map(([, name]) => ({ kind: 'Secret', name }));
}

function namespaceOf(chart: PlatformChart): ApiObject {
  const namespace = chart.node.findAll().filter(ApiObject.isApiObject)
    .find((object) => object.kind === 'Namespace');
  if (namespace === undefined) {
    throw new Error(`chart "${chart.node.path}" has no Namespace to declare Secrets on`);
  }
  return namespace;
}

function countDocuments(yaml: string): number {
  return yaml.split(/^---$/m).filter((doc) => doc.trim().length > 0).length;
}

// two renames, so the old folder is never half-replaced
function replaceFolder(from: string, to: string): void {
  const old = `${to}.old-${process.pid}`;
  if (existsSync(to)) {
    renameSync(to, old);
  }

  renameSync(from, to);
  rmSync(old, { recursive: true, force: true });
}

/** `dist/staging` rather than an absolute path, for log lines. */
export function displayPath(folder: string): string {
  return relative(process.cwd(), folder) || '.';
}
