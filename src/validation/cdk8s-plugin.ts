import { checkFiles } from './check-files';
import { describeObject } from './finding';
import { suppressedLines } from './report';

/** A violation as cdk8s-cli's validation report takes it. */
export interface PluginViolation {
  readonly ruleName: string;
  readonly recommendation: string;
  readonly fix: string;
  readonly violatingResources: readonly {
    readonly resourceName: string;
    readonly locations: readonly string[];
    readonly manifestPath: string;
  }[];
}

/**
 * What the plugin uses of cdk8s-cli's `ValidationContext`; declared here so
 * that the library does not depend on cdk8s-cli.
 */
export interface PluginContext {
  readonly manifests: readonly string[];
  parseManifest(path: string): unknown[];
  readonly report: {
    addViolation(violation: PluginViolation): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  readonly logger: { log(message: string): void };
}

/** `properties:` of the plugin in cdk8s.yaml. */
export interface ValidationPluginProperties {
  /** The environment of every manifest. @default - the name of each manifest's folder */
  readonly environment?: string;
}

/**
 * The validation gate as a cdk8s-cli validation plugin, so that `cdk8s synth`
 * runs it over what the app wrote. In cdk8s.yaml:
 *
 * ```yaml
 * validations:
 *   - package: ./node_modules/go-chat-ai-deploy
 *     version: 0.1.0
 *     class: ValidationGatePlugin
 * ```
 */
export class ValidationGatePlugin {

  constructor(private readonly properties: ValidationPluginProperties = {}) {}

  /** Called by `cdk8s synth` once the app has written its manifests. */
  public async validate(context: PluginContext): Promise<void> {
    const files = context.manifests
      .map((file) => ({ file, documents: context.parseManifest(file) }));
    const reports = checkFiles(files, { environment: this.properties.environment });

    for (const { report } of reports) {
      for (const finding of report.findings) {
        context.report.addViolation({
          ruleName: `${finding.rule}: ${describeObject(finding.object)}`,
          recommendation: finding.problem,
          fix: finding.fix,
          violatingResources: [{
            resourceName: finding.object.name,
            locations: [finding.field],
            manifestPath: finding.file ?? '',
          }],
        });
      }
      suppressedLines(report).forEach((line) => context.logger.log(`suppressed:${line}`));
    }

    const count = (pick: (r: typeof reports[number]['report']) => number) =>
      String(reports.reduce((sum, { report }) => sum + pick(report), 0));
    const findings = count((r) => r.findings.length);
    context.report.submit(findings === '0' ? 'success' : 'failure', {
      folders: reports.map(({ folder }) => folder).join(', '),
      objects: count((r) => r.objects),
      findings,
      suppressed: count((r) => r.suppressed.length),
      rules: 'docs/validation.md',
    });
  }
}
