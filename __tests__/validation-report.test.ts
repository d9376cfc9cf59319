import { ValidationReport, formatReport } from 'go-chat-ai-deploy';

const FINDING = {
  rule: 'image-tag' as const,
  object: { kind: 'Deployment', namespace: 'shop', name: 'api' },
  field: 'spec.template.spec.containers[0].image',
  problem: 'image "shop/api:latest" uses the moving tag "latest"',
  fix: 'pin a release tag (repository:1.2.3) or a digest (repository@sha256:...)',
};

describe('validation report |', () => {
  test('one block per finding, a summary line, then the suppressions with their reasons', () => {
    // GIVEN a report with one finding from a file and one suppressed finding
    const report: ValidationReport = {
      environment: 'staging',
      objects: 12,
      findings: [{ ...FINDING, file: 'dist/staging/shop.yaml' }],
      suppressed: [{
        ...FINDING, rule: 'probes', field: 'spec.template.spec.containers[0].livenessProbe',
        reason: 'exits on its own when hung',
      }],
    };

    // WHEN it is printed
    const text = formatReport(report);

    // THEN
    expect(text.split('\n')).toEqual([
      '[image-tag] Deployment/shop/api  spec.template.spec.containers[0].image'
        + '  (dist/staging/shop.yaml)',
      '    image "shop/api:latest" uses the moving tag "latest" — pin a release tag'
        + ' (repository:1.2.3) or a digest (repository@sha256:...)',
      'staging: 1 finding in 12 objects, 1 suppressed; each rule is explained in'
        + ' docs/validation.md',
      'suppressed (1):',
      '  [probes] Deployment/shop/api  spec.template.spec.containers[0].livenessProbe'
        + '  — exits on its own when hung',
    ]);
  });

  test('a clean report is its summary line, titled as asked', () => {
    const report: ValidationReport = { objects: 3, findings: [], suppressed: [] };
    expect(formatReport(report, { title: 'dist/testing/' }))
      .toBe('dist/testing/: no findings in 3 objects');
  });

  test('an object without a namespace is Kind/name', () => {
    const object = { kind: 'ClusterRole', name: 'api' };
    const report: ValidationReport = { objects: 1, suppressed: [],
      findings: [{ ...FINDING, rule: 'cluster-role', object }] };
    expect(formatReport(report)).toMatch(/^\[cluster-role\] ClusterRole\/api {2}/);
  });
});
