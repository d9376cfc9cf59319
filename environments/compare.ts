import { PlatformConfig } from '../src/platform-config';

/** One setting that differs between two environments. */
export interface Difference {
  readonly setting: string;
  readonly left: string;
  readonly right: string;
}

/**
 * Every setting whose resolved value differs between two environments, by
 * dotted path, with the public hosts they derive. Settings equal in both, and
 * settings that have no effect (an HPA's bounds while it is off, the
 * in-cluster server's volume while a managed one is used) are left out, so
 * the table shows what a promotion changes and nothing else.
 */
export function compareEnvironments(left: PlatformConfig, right: PlatformConfig): Difference[] {
  const [a, b] = [flatten(effective(left)), flatten(effective(right))];
  const settings = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((setting) => setting !== 'name' && a[setting] !== b[setting])
    .sort();
  return settings.map((setting) => ({
    setting, left: a[setting] ?? '(not set)', right: b[setting] ?? '(not set)',
  }));
}

/** The differences as an aligned table headed by the environment names. */
export function formatComparison(left: string, right: string, rows: readonly Difference[]) {
  if (rows.length === 0) {
    return `${left} and ${right} do not differ`;
  }

  const table = [['SETTING', left, right], ...rows.map((r) => [r.setting, r.left, r.right])];
  const widths = table[0].map((_, i) => Math.max(...table.map((row) => row[i].length)));
  return table.map((row) => row.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd())
    .join('\n');
}

// the configuration as it acts: a switched-off block keeps its `enabled` and
// shows "(off)" for the rest, which then has no effect
function effective(config: PlatformConfig): Record<string, unknown> {
  const host = (prefix: string, ingress: boolean) =>
    (ingress ? `${prefix}.${config.domain}` : '(no ingress)');
  const service = <S extends PlatformConfig['chat']>(s: S) => ({
    ...s,
    replicas: s.autoscaling.enabled ? '(autoscaled)' : s.replicas,
    autoscaling: switchable(s.autoscaling),
    canary: switchable(s.canary),
  });
  const { postgresql, redis } = config;
  const managed = (external: object | undefined, inCluster: object) =>
    (external !== undefined ? { external, ...offAll(inCluster) } : inCluster);
  return {
    ...config,
    auth: service(config.auth),
    chat: service(config.chat),
    notification: service(config.notification),
    hosts: { auth: host(config.auth.hostPrefix, config.auth.ingress),
      chat: host(config.chat.hostPrefix, config.chat.ingress) },
    certificates: switchable(config.certificates),
    monitoring: switchable(config.monitoring),
    postgresql: managed(postgresql.external, {
      ...postgresql, external: undefined, backup: switchable(postgresql.backup) }),
    redis: managed(redis.external, { ...redis, external: undefined }),
  };
}

function switchable<T extends { readonly enabled: boolean }>(block: T): object {
  return block.enabled ? block : { ...offAll(block), enabled: false };
}

function offAll(block: object): object {
  return Object.fromEntries(Object.entries(block)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, typeof value === 'object' && value !== null
      && !Array.isArray(value) ? offAll(value) : '(off)']));
}

function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { [prefix]: typeof value === 'string' ? value : JSON.stringify(value) };
  }

  return Object.assign({}, ...Object.entries(value).map(([key, inner]) =>
    flatten(inner, prefix === '' ? key : `${prefix}.${key}`)));
}
