import { ApiObject, Chart } from 'cdk8s';
import { IValidation } from 'constructs';
import { toManifest } from './_manifest-set';
import { ValidationOptions, ValidationReport, checkManifestSet } from './check-manifests';
import { formatReport } from './report';

const GATE = Symbol.for('go-chat-ai-deploy.ValidationGate');

/**
 * The validation gate of one chart: `app.synth()` runs it with the chart's
 * other validations and fails with its report when any rule fires.
 *
 * The chart's objects are checked together, so references are resolved
 * within the chart; one chart that relies on another's objects declares them
 * external.
 */
export class ValidationGate implements IValidation {

  /** Adds the gate to a chart, once. */
  public static addTo(chart: Chart, options: ValidationOptions = {}): ValidationGate {
    if (ValidationGate.of(chart)) {
      throw new Error(`chart "${chart.node.path}" already has a validation gate; `
        + 'use ValidationGate.of(chart) to reach it');
    }

    const gate = new ValidationGate(chart, options);
    Object.defineProperty(chart, GATE, { value: gate });
    chart.node.addValidation(gate);
    return gate;
  }

  /** The gate added to a chart, if any. */
  public static of(chart: Chart): ValidationGate | undefined {
    return (chart as unknown as Record<symbol, ValidationGate | undefined>)[GATE];
  }

  private lastReport?: ValidationReport;

  private constructor(
    private readonly chart: Chart,
    private readonly options: ValidationOptions,
  ) {}

  /** The report of the last run, once `app.synth()` (or `validate()`) has run. */
  public get report(): ValidationReport | undefined {
    return this.lastReport;
  }

  /** Checks the chart's objects; called by `app.synth()` and `chart.toJson()`. */
  public validate(): string[] {
    // chart.toJson() runs the app's validations, this one included, so render
    // the chart's objects one by one instead
    const manifests = this.chart.node.findAll()
      .filter(ApiObject.isApiObject)
      .filter((object) => Chart.of(object) === this.chart)
      .map((object) => toManifest(object.toJson(), { construct: object.node.path }));

    const report = checkManifestSet(manifests, this.options);
    this.lastReport = report;
    if (report.findings.length === 0) return [];

    // one error holding the whole report, indented under cdk8s' own list
    const text = formatReport(report).split('\n').map((line) => `    ${line}`).join('\n');
    return [`the validation gate failed:\n${text}`];
  }
}
