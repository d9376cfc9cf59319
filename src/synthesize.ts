import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App } from 'cdk8s';
import { manifestYaml } from './manifest-yaml';
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

/** One chart to synthesize into a folder of its own. */
export interface ChartBuild {
  /** Name of the folder under the output folder, e.g. the environment's. */
  readonly name: string;

  /** Adds the chart to a fresh app. */
  readonly build: (app: App) => void;
}

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
  return synthesizeCharts(configs.map((config) => ({
    name: config.name,
    build: (app: App) => new PlatformChart(app, CHART_ID, { config }),
  })), outdir);
}

/**
 * Synthesizes any charts the way {@link synthesizeEnvironments} does, each
 * into `<outdir>/<name>/`, through the same scratch folder and swap.
 */
export function synthesizeCharts(charts: readonly ChartBuild[], outdir: string): SynthResult {
  const names = charts.map((c) => c.name);
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
      const summaries = charts.map((chart) =>
        synthesizeOne(chart, join(scratch, chart.name)));
      const warnings = replaceFolders(charts.map((chart) => ({
        source: join(scratch, chart.name), target: join(folder, chart.name),
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

function synthesizeOne(chart: ChartBuild, folder: string): SynthSummary {
  const app = new App();
  chart.build(app);

  // every chart passes the gate: one it brings, or one added here
  const gates = app.charts.map((c) => ValidationGate.of(c)
    ?? ValidationGate.addTo(c, { environment: chart.name }));
  let objects: { kind: string }[];
  try {
    // toJson runs each chart's validations, the gate among them
    objects = app.charts.flatMap((c) => c.toJson());
  } catch (error) {
    throw new Error(`${chart.name}: ${error instanceof Error ? error.message : String(error)}`);
  }

  // the namespace and the backup volume go in a file of their own, so that
  // deleting the platform file leaves the data and the Secrets in place
  const kept = (object: { kind: string }) => KEPT_KINDS.includes(object.kind);
  const keeps = objects.filter(kept).map(manifestYaml);
  const rest = objects.filter((object) => !kept(object)).map(manifestYaml);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, NAMESPACE_FILE), keeps.join('---\n'));
  writeFileSync(join(folder, PLATFORM_FILE), rest.join('---\n'));
  return { environment: chart.name, objects: objects.length, folder,
    validation: combinedReport(chart.name, gates) };
}

function combinedReport(environment: string, gates: readonly ValidationGate[]): ValidationReport {
  const reports = gates.map((gate) => {
    if (gate.report === undefined) {
      throw new Error(`${environment}: the validation gate did not run during the synth`);
    }
    return gate.report;
  });
  return {
    environment,
    objects: reports.reduce((sum, r) => sum + r.objects, 0),
    findings: reports.flatMap((r) => r.findings),
    suppressed: reports.flatMap((r) => r.suppressed),
  };
}

const KEPT_KINDS = ['Namespace', 'PersistentVolumeClaim'];

/** The file with the namespace and the volumes, which `kubectl apply` takes first. */
export const NAMESPACE_FILE = '0-namespace.yaml';

/** The file with everything else. */
export const PLATFORM_FILE = '1-platform.yaml';

/** `dist/staging` rather than an absolute path, for log lines. */
export function displayPath(folder: string): string {
  return relative(process.cwd(), folder) || '.';
}
