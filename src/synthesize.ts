import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'cdk8s';
import { replaceFolders, withFolderLock } from './output-folders';
import { PlatformConfig } from './platform-config';
import { PlatformChart } from './platform-chart';
import { ValidationReport } from './validation/check-manifests';
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

/** What a whole synth wrote, and anything left to clean up by hand. */
export interface SynthResult {
  /** One summary per environment. */
  readonly environments: readonly SynthSummary[];

  /** Problems that did not fail the synth. */
  readonly warnings: readonly string[];
}

/** The id of each environment's chart. */
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
): SynthResult {
  const names = configs.map((c) => c.name);
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  if (repeated.length > 0) {
    throw new Error(`environment "${repeated[0]}" is asked for twice; name each once`);
  }

  const folder = outdir.replace(/\/+$/, '') || '.';
  mkdirSync(folder, { recursive: true });
  return withFolderLock(folder, () => {
    const scratch = `${folder}.tmp-${process.pid}`;
    rmSync(scratch, { recursive: true, force: true });
    try {
      const summaries = configs.map((config) =>
        synthesizeOne(config, join(scratch, config.name)));
      const warnings = replaceFolders(configs.map((config) => ({
        source: join(scratch, config.name), target: join(folder, config.name),
      })));
      return {
        environments: summaries.map((s) => ({ ...s, folder: join(folder, s.environment) })),
        warnings,
      };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}

function synthesizeOne(config: PlatformConfig, folder: string): SynthSummary {
  const app = new App();
  const chart = new PlatformChart(app, CHART_ID, { config });
  let yaml: string;
  try {
    // runs the chart's validations, the gate among them
    yaml = app.synthYaml();
  } catch (error) {
    throw new Error(`${config.name}: ${error instanceof Error ? error.message : String(error)}`);
  }

  const validation = ValidationGate.of(chart)?.report;
  if (validation === undefined) {
    throw new Error(`${config.name}: the validation gate did not run during the synth`);
  }

  // the namespace and the backup volume go in a file of their own, so that
  // deleting the platform file leaves the data and the Secrets in place
  const documents = yaml.split(/^---\n/m).filter((doc) => doc.trim() !== '');
  const keeps = documents.filter((doc) => KEPT_KINDS.test(doc));
  const rest = documents.filter((doc) => !KEPT_KINDS.test(doc));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, NAMESPACE_FILE), keeps.join('---\n'));
  writeFileSync(join(folder, PLATFORM_FILE), rest.join('---\n'));
  return { environment: config.name, objects: documents.length, folder, validation };
}

const KEPT_KINDS = /^kind: (Namespace|PersistentVolumeClaim)$/m;

/** The file with the namespace and the volumes, which `kubectl apply` takes first. */
export const NAMESPACE_FILE = '0-namespace.yaml';

/** The file with everything else. */
export const PLATFORM_FILE = '1-platform.yaml';

/** `dist/staging` rather than an absolute path, for log lines. */
export function displayPath(folder: string): string {
  return relative(process.cwd(), folder) || '.';
}
