import { parser } from '@prometheus-io/lezer-promql';
import { environmentConfig } from '../environments';
import { defaults } from '../environments/defaults';
import { deepMerge, resolveEnvironment } from '../environments/merge';
import { staging } from '../environments/staging';
import { validateManifests } from '../validation/kube-schema';
import { find, ofKind, synthEnvironment, synthPlatform } from './support/manifests';

const objects = synthEnvironment('staging');
const rules = find(objects, 'PrometheusRule', 'go-chat-ai').spec.groups
  .flatMap((g: any) => g.rules);

function promqlErrors(expr: string): string[] {
  const errors: string[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) {
        errors.push(`${expr.slice(0, node.from)} <here> ${expr.slice(node.from)}`);
      }
    },
  });
  return errors;
}

describe('monitoring | alerts', () => {
  test('the rules load as the Prometheus Operator expects: a valid PrometheusRule', () => {
    const rule = find(objects, 'PrometheusRule', 'go-chat-ai');
    expect(validateManifests([rule])).toEqual([]);
  });

  const expressions: [string, string][] = rules.map((r: any) => [r.alert, r.expr]);
  test.each(expressions)('%s is valid PromQL', (_, expr) => {
    expect(promqlErrors(expr)).toEqual([]);
  });

  test('the PromQL check itself catches a broken expression', () => {
    expect(promqlErrors('rate(http_requests_total[5m]) >')).not.toEqual([]);
  });

  test('covers what the on-call needs, each with a severity and a summary', () => {
    // GIVEN the staging rules
    const byName = (name: string) => rules.filter((r: any) => r.alert === name);

    // THEN every situation has an alert scoped to the platform's namespace
    expect(byName('GoChatAiServiceUnavailable').map((r: any) => r.expr)).toEqual([
      expect.stringContaining('deployment="auth-service"'),
      expect.stringContaining('deployment="chat-service"'),
      expect.stringContaining('deployment="notification-service"'),
    ]);
    expect(byName('GoChatAiDataStoreDown').map((r: any) => r.expr)).toEqual([
      expect.stringContaining('statefulset="postgresql"'),
      expect.stringContaining('statefulset="redis"'),
    ]);
    for (const name of ['GoChatAiPodRestarting', 'GoChatAiAutoscalerAtMaximum',
      'GoChatAiBackupTooOld', 'GoChatAiBackupNeverSucceeded', 'GoChatAiVolumeNearlyFull']) {
      expect(byName(name)).toHaveLength(1);
    }
    for (const rule of rules) {
      expect(rule.expr).toContain('namespace="go-chat-ai-staging"');
      expect(['warning', 'critical']).toContain(rule.labels.severity);
      expect(rule.annotations.summary).toEqual(expect.any(String));
    }
  });

  test('the backup alert fires after the configured window', () => {
    const tooOld = rules.find((r: any) => r.alert === 'GoChatAiBackupTooOld');
    expect(tooOld.expr).toBe('time() - kube_cronjob_status_last_successful_time'
      + '{namespace="go-chat-ai-staging", cronjob="postgresql-backup"} > 93600');
  });
});

describe('monitoring | dashboard', () => {
  const configMap = find(objects, 'ConfigMap', 'go-chat-ai-dashboard');
  const dashboard = JSON.parse(configMap.data['go-chat-ai.json']);

  test('is a ConfigMap Grafana\'s sidecar picks up', () => {
    expect(configMap.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(Object.keys(configMap.data)).toEqual(['go-chat-ai.json']);
  });

  test('is a dashboard model Grafana imports: unique panel ids, a datasource variable', () => {
    expect(dashboard).toMatchObject({ title: expect.any(String), uid: expect.any(String),
      schemaVersion: expect.any(Number) });
    expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    const ids = dashboard.panels.map((p: any) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
  });

  test('every panel query is valid PromQL over the platform\'s namespace', () => {
    const targets = dashboard.panels.flatMap((p: any) => p.targets);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(promqlErrors(target.expr)).toEqual([]);
      expect(target.expr).toContain('namespace="go-chat-ai-staging"');
    }
  });
});

describe('monitoring | switched off', () => {
  test('a cluster without the Prometheus Operator gets no monitoring objects or flows', () => {
    // GIVEN staging with monitoring off
    const off = synthPlatform(resolveEnvironment('staging', defaults,
      deepMerge(staging, { monitoring: { enabled: false } }) as typeof staging));

    // THEN no CRD kinds, no dashboard, and no policy lets Prometheus in
    expect(off.filter((o) => o.apiVersion.startsWith('monitoring.coreos.com'))).toEqual([]);
    expect(off.filter((o) => o.metadata.name === 'go-chat-ai-dashboard')).toEqual([]);
    expect(JSON.stringify(ofKind(off, 'NetworkPolicy'))).not.toContain('prometheus');
    expect(validateManifests(off)).toEqual([]);
  });

  test('selector labels for Prometheus go on the ServiceMonitors and the rules', () => {
    const labelled = synthPlatform(resolveEnvironment('staging', defaults, deepMerge(staging,
      { monitoring: { labels: { release: 'kube-prometheus-stack' } } }) as typeof staging));
    for (const o of labelled.filter((x) => x.apiVersion.startsWith('monitoring.coreos.com'))) {
      expect(o.metadata.labels).toMatchObject({ release: 'kube-prometheus-stack' });
    }
    expect(environmentConfig('staging').monitoring.labels).toEqual({});
  });
});
