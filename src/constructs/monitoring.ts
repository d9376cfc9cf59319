import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  PrometheusRule, PrometheusRuleSpecGroupsRules, PrometheusRuleSpecGroupsRulesExpr,
} from '../../imports/prometheusrule-monitoring.coreos.com';
import { grafanaDashboard } from './grafana-dashboard';

/** The backup the alerts watch. */
export interface MonitoredBackup {
  /** Name of the backup CronJob. */
  readonly cronJob: string;

  /** Hours after the last success before the backup counts as missed. */
  readonly maxAgeHours: number;
}

/** Props of {@link PlatformMonitoring}. */
export interface PlatformMonitoringProps {
  /** Namespace of the platform. */
  readonly namespace: string;

  /** Labels of the objects, plus `ruleLabels`. */
  readonly labels: Record<string, string>;

  /** Deployments of the services. */
  readonly deployments: readonly string[];

  /** StatefulSets of the data stores. @default - none */
  readonly statefulSets?: readonly string[];

  /** The backup to watch. @default - no backup alert */
  readonly backup?: MonitoredBackup;

  /**
   * Labels the Prometheus' `ruleSelector` picks rules by, e.g.
   * `{ release: 'kube-prometheus-stack' }`. @default - none
   */
  readonly ruleLabels?: Record<string, string>;

  /** Namespace of the dashboard ConfigMap, where Grafana's sidecar looks. @default - `namespace` */
  readonly dashboardNamespace?: string;
}

/** Name of the PrometheusRule and of the dashboard ConfigMap. */
export const MONITORING_NAME = 'go-chat-ai';

/**
 * Alerts for the platform's on-call and a Grafana dashboard. The alerts read
 * kube-state-metrics and kubelet volume metrics, which a Prometheus Operator
 * install such as kube-prometheus-stack scrapes already.
 */
export class PlatformMonitoring extends Construct {

  constructor(scope: Construct, id: string, props: PlatformMonitoringProps) {
    super(scope, id);
    const ns = `namespace="${props.namespace}"`;
    const rules: PrometheusRuleSpecGroupsRules[] = [
      ...props.deployments.map((name) => alert(`GoChatAiServiceUnavailable`, {
        expr: `kube_deployment_status_replicas_available{${ns}, deployment="${name}"} < 1`,
        for: '2m', severity: 'critical',
        summary: `${name} has no ready pods`,
        description: `No pod of ${name} in ${props.namespace} has been ready for 2 minutes.`,
      })),
      alert('GoChatAiPodRestarting', {
        expr: `increase(kube_pod_container_status_restarts_total{${ns}}[15m]) > 3`,
        for: '5m', severity: 'warning',
        summary: 'A pod restarts repeatedly',
        description: 'Container {{ $labels.container }} of pod {{ $labels.pod }} restarted '
          + 'more than 3 times in 15 minutes.',
      }),
      alert('GoChatAiAutoscalerAtMaximum', {
        expr: `kube_horizontalpodautoscaler_status_current_replicas{${ns}}`
          + ` >= kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`,
        for: '15m', severity: 'warning',
        summary: 'An autoscaler has been at its maximum for 15 minutes',
        description: 'HPA {{ $labels.horizontalpodautoscaler }} cannot add pods; raise '
          + 'maxReplicas or find what loads the service.',
      }),
      ...(props.statefulSets ?? []).map((name) => alert('GoChatAiDataStoreDown', {
        expr: `kube_statefulset_status_replicas_ready{${ns}, statefulset="${name}"} < 1`,
        for: '2m', severity: 'critical',
        summary: `${name} is down`,
        description: `The ${name} pod in ${props.namespace} has not been ready for 2 minutes.`,
      })),
      ...backupAlerts(props.backup, ns),
      alert('GoChatAiVolumeNearlyFull', {
        expr: `kubelet_volume_stats_available_bytes{${ns}}`
          + ` / kubelet_volume_stats_capacity_bytes{${ns}} < 0.10`,
        for: '10m', severity: 'warning',
        summary: 'A volume is over 90% full',
        description: 'PersistentVolumeClaim {{ $labels.persistentvolumeclaim }} has less '
          + 'than 10% space left; grow it or free space before writes fail.',
      }),
    ];

    new PrometheusRule(this, 'Rules', {
      metadata: {
        name: MONITORING_NAME,
        namespace: props.namespace,
        labels: { ...props.labels, ...props.ruleLabels },
      },
      spec: { groups: [{ name: 'go-chat-ai', rules }] },
    });

    new k8s.KubeConfigMap(this, 'Dashboard', {
      metadata: {
        name: `${MONITORING_NAME}-dashboard`,
        namespace: props.dashboardNamespace ?? props.namespace,
        labels: { ...props.labels, grafana_dashboard: '1' },
      },
      data: {
        'go-chat-ai.json': JSON.stringify(grafanaDashboard(props.namespace), null, 2),
      },
    });
  }
}

interface AlertOptions {
  readonly expr: string;
  readonly for: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
}

function alert(name: string, options: AlertOptions): PrometheusRuleSpecGroupsRules {
  return {
    alert: name,
    expr: PrometheusRuleSpecGroupsRulesExpr.fromString(options.expr),
    for: options.for,
    labels: { severity: options.severity },
    annotations: { summary: options.summary, description: options.description },
  };
}

function backupAlerts(backup: MonitoredBackup | undefined, ns: string) {
  if (backup === undefined) {
    return [];
  }

  const metric = `kube_cronjob_status_last_successful_time{${ns}, cronjob="${backup.cronJob}"}`;
  const seconds = backup.maxAgeHours * 3600;
  return [
    alert('GoChatAiBackupTooOld', {
      expr: `time() - ${metric} > ${seconds}`,
      for: '10m', severity: 'critical',
      summary: `The last good backup is over ${backup.maxAgeHours} hours old`,
      description: `CronJob ${backup.cronJob} has not succeeded within its window; see `
        + `kubectl logs job/<the latest ${backup.cronJob} job>.`,
    }),
    alert('GoChatAiBackupNeverSucceeded', {
      expr: `absent(${metric})`,
      for: `${backup.maxAgeHours}h`, severity: 'critical',
      summary: `No backup has succeeded in ${backup.maxAgeHours} hours`,
      description: `CronJob ${backup.cronJob} has no successful run on record.`,
    }),
  ];
}
