import { ValidationReport } from './check-manifests';
import { Finding, SuppressedFinding, describeObject } from './finding';

/** How a report is printed. */
export interface FormatOptions {
  /**
   * What the report is about, such as a folder, first on the summary line.
   * @default - the environment
   */
  readonly title?: string;
}

/**
 * The report as text: one block per finding, a summary line, then the
 * suppressed findings with their reasons.
 *
 * ```
 * [image-tag] Deployment/shop/api  spec.template.spec.containers[0].image
 *     image "shop/api:latest" uses the moving tag "latest" — pin a release tag ...
 * ```
 */
export function formatReport(
  report: ValidationReport,
  options: FormatOptions = {},
): string {
  const lines = report.findings.flatMap(formatFinding);
  lines.push(summaryLine(report, options.title ?? report.environment));

  if (report.suppressed.length > 0) {
    lines.push(`suppressed (${report.suppressed.length}):`, ...suppressedLines(report));
  }
  return lines.join('\n');
}

/** One line per suppressed finding, with the reason its annotation gives. */
export function suppressedLines(report: ValidationReport): string[] {
  return report.suppressed.map((f: SuppressedFinding) =>
    `  [${f.rule}] ${describeObject(f.object)}  ${f.field}  — ${f.reason}`);
}

/** The summary line alone: how many findings, objects and suppressions. */
export function summaryLine(report: ValidationReport, title?: string): string {
  const count = report.findings.length;
  const plural = count === 1 ? '' : 's';
  const findings = count === 0 ? 'no findings' : `${count} finding${plural}`;
  const hidden = report.suppressed.length;
  const suppressed = hidden > 0 ? `, ${hidden} suppressed` : '';
  const rules = count > 0 ? '; each rule is explained in docs/validation.md' : '';
  const prefix = title ? `${title}: ` : '';
  return `${prefix}${findings} in ${report.objects} objects${suppressed}${rules}`;
}

/** One finding as its two lines: where, then what is wrong and how to fix it. */
export function formatFinding(finding: Finding): string[] {
  const source = finding.file ?? finding.construct;
  return [
    `[${finding.rule}] ${describeObject(finding.object)}  ${finding.field}`
      + (source ? `  (${source})` : ''),
    `    ${finding.problem} — ${finding.fix}`,
  ];
}
