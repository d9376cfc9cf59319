// A Grafana dashboard of the platform, as the JSON model Grafana imports.
// Panels read the Prometheus picked in the dashboard's datasource variable.

interface Panel {
  readonly title: string;
  readonly unit: string;
  readonly queries: readonly { readonly expr: string; readonly legend: string }[];
}

/** The dashboard JSON for the platform in one namespace. */
export function grafanaDashboard(namespace: string): Record<string, unknown> {
  const ns = `namespace="${namespace}"`;
  const panels: Panel[] = [
    { title: 'Ready pods', unit: 'short', queries: [
      { expr: `kube_deployment_status_replicas_available{${ns}}`, legend: '{{deployment}}' },
      { expr: `kube_statefulset_status_replicas_ready{${ns}}`, legend: '{{statefulset}}' },
    ] },
    { title: 'Container restarts (1h)', unit: 'short', queries: [
      { expr: `sum by (pod) (increase(kube_pod_container_status_restarts_total{${ns}}[1h]))`,
        legend: '{{pod}}' },
    ] },
    { title: 'CPU', unit: 'cores', queries: [
      { expr: `sum by (pod) (rate(container_cpu_usage_seconds_total{${ns}, container!=""}[5m]))`,
        legend: '{{pod}}' },
    ] },
    { title: 'Memory (working set)', unit: 'bytes', queries: [
      { expr: `sum by (pod) (container_memory_working_set_bytes{${ns}, container!=""})`,
        legend: '{{pod}}' },
    ] },
    { title: 'Autoscaler replicas', unit: 'short', queries: [
      { expr: `kube_horizontalpodautoscaler_status_current_replicas{${ns}}`,
        legend: '{{horizontalpodautoscaler}} current' },
      { expr: `kube_horizontalpodautoscaler_spec_max_replicas{${ns}}`,
        legend: '{{horizontalpodautoscaler}} max' },
    ] },
    { title: 'Volume used', unit: 'percentunit', queries: [
      { expr: `kubelet_volume_stats_used_bytes{${ns}} / kubelet_volume_stats_capacity_bytes{${ns}}`,
        legend: '{{persistentvolumeclaim}}' },
    ] },
    { title: 'Hours since the last good backup', unit: 'h', queries: [
      { expr: `(time() - kube_cronjob_status_last_successful_time{${ns}}) / 3600`,
        legend: '{{cronjob}}' },
    ] },
  ];

  return {
    title: `go-chat-ai (${namespace})`,
    uid: `go-chat-ai-${namespace}`.slice(0, 40),
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    tags: ['go-chat-ai'],
    templating: {
      list: [{ name: 'datasource', label: 'Prometheus', type: 'datasource', query: 'prometheus' }],
    },
    panels: panels.map((panel, i) => ({
      id: i + 1,
      type: 'timeseries',
      title: panel.title,
      datasource: { type: 'prometheus', uid: '${datasource}' },
      gridPos: { h: 8, w: 12, x: (i % 2) * 12, y: Math.floor(i / 2) * 8 },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.queries.map((q, j) => ({
        refId: String.fromCharCode(65 + j),
        expr: q.expr,
        legendFormat: q.legend,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      })),
    })),
  };
}
