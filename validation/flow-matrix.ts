import { NetworkActor, NetworkPolicyObject, Port, isAllowed } from './network-reachability';

/** A Kubernetes object as read from a manifest. */
export interface ManifestObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly [field: string]: unknown;
}

/** One cell of the matrix: a connection and whether the policies let it through. */
export interface FlowCheck {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
  readonly allowed: boolean;
}

interface Actor extends NetworkActor {
  /** The ports worth trying against this actor. */
  readonly ports: readonly Port[];
}

const tcp = (port: number): Port => ({ port, protocol: 'TCP' });

function namespacePod(name: string, namespace: string, labels: Record<string, string>,
  ports: readonly Port[] = []): Actor {
  return { name, namespace, labels, ports,
    namespaceLabels: { 'kubernetes.io/metadata.name': namespace } };
}

/**
 * The parties outside the platform's namespace that the traffic table names,
 * plus the ones it must keep out. Their labels are those of a stock install.
 */
export const OUTSIDE_ACTORS: readonly Actor[] = [
  namespacePod('ingress-nginx', 'ingress-nginx',
    { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' }),
  namespacePod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' }),
  namespacePod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' },
    [{ port: 53, protocol: 'UDP' }, tcp(53)]),
  namespacePod('other-namespace', 'default', { app: 'other' }, [tcp(80)]),
  { name: 'internet', ip: '203.0.113.10', ports: [tcp(80), tcp(443)] },
  { name: 'internet-ipv6', ip: '2001:db8::10', ports: [tcp(443)] },
  { name: 'cloud-metadata', ip: '169.254.169.254', ports: [tcp(80)] },
  { name: 'private-network', ip: '10.0.0.10', ports: [tcp(443), tcp(5432), tcp(6379)] },
];

/** The pods of every workload among the objects, one actor per workload. */
export function workloadActors(objects: readonly ManifestObject[]): Actor[] {
  return objects.flatMap((object) => {
    const template = podTemplate(object);
    if (template === undefined) {
      return [];
    }

    const namespace = object.metadata.namespace ?? 'default';
    const containerPorts = (template.spec?.containers ?? []).flatMap((c) => c.ports ?? []);
    return [{
      ...namespacePod(object.metadata.name, namespace, template.metadata?.labels ?? {},
        containerPorts.map((p) => ({ port: p.containerPort,
          protocol: (p.protocol ?? 'TCP') as Port['protocol'] }))),
      namedPorts: Object.fromEntries(containerPorts
        .filter((p) => p.name !== undefined).map((p) => [p.name, p.containerPort])),
    }];
  });
}

/**
 * Every connection between the workloads and the outside parties, on every
 * port the destination listens on, decided from the NetworkPolicies alone.
 */
export function flowMatrix(objects: readonly ManifestObject[]): FlowCheck[] {
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy') as unknown as
    NetworkPolicyObject[];
  const workloads = [...workloadActors(objects), ...solverActors(objects)];
  const everyone = [...workloads, ...OUTSIDE_ACTORS, ...ipBlockActors(policies)];

  const checks: FlowCheck[] = [];
  for (const from of everyone) {
    for (const to of everyone) {
      const touchesPlatform = workloads.includes(from) || workloads.includes(to);
      if (from === to || !touchesPlatform || (from.ip !== undefined && to.ip !== undefined)) {
        continue;
      }

      for (const port of to.ports) {
        checks.push({ from: from.name, to: to.name, ...port,
          allowed: isAllowed(policies, from, to, port) });
      }
    }
  }

  return checks;
}

/** The allowed flows as an aligned text table, then a count of the denied ones. */
export function formatFlowTable(checks: readonly FlowCheck[]): string {
  const allowed = checks.filter((c) => c.allowed);
  const rows = [['FROM', 'TO', 'PORT'],
    ...allowed.map((c) => [c.from, c.to, `${c.port}/${c.protocol}`])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd());
  return [...lines, '', `${allowed.length} flows allowed, `
    + `${checks.length - allowed.length} other connections checked and denied`].join('\n');
}

interface PodTemplate {
  readonly metadata?: { readonly labels?: Record<string, string> };
  readonly spec?: { readonly containers?: readonly {
    readonly ports?: readonly { name?: string; containerPort: number; protocol?: string }[];
  }[] };
}

interface WorkloadSpec {
  readonly template?: PodTemplate;
  readonly jobTemplate?: { readonly spec?: { readonly template?: PodTemplate } };
}

function podTemplate(object: ManifestObject): PodTemplate | undefined {
  const spec = object.spec as WorkloadSpec | undefined;
  switch (object.kind) {
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'Job':
      return spec?.template;
    case 'CronJob':
      return spec?.jobTemplate?.spec?.template;
    default:
      return undefined;
  }
}

// cert-manager starts HTTP-01 solver pods in the namespace of each Ingress
function solverActors(objects: readonly ManifestObject[]): Actor[] {
  const namespaces = new Set(objects.filter((o) => o.kind === 'Ingress')
    .map((o) => o.metadata.namespace ?? 'default'));
  return [...namespaces].sort().map((namespace) => namespacePod('acme-http-solver', namespace,
    { 'acme.cert-manager.io/http01-solver': 'true' }, [tcp(8089)]));
}

// a managed server given by CIDR is a party of its own: its first address
function ipBlockActors(policies: readonly NetworkPolicyObject[]): Actor[] {
  const cidrs = new Set(policies.flatMap((p) => (p.spec.egress ?? [])
    .flatMap((rule) => rule.to ?? [])
    .flatMap((peer) => (peer.ipBlock && !['0.0.0.0/0', '::/0'].includes(peer.ipBlock.cidr)
      ? [peer.ipBlock.cidr] : []))));
  const ports = policies.flatMap((p) => (p.spec.egress ?? []).flatMap((r) => r.ports ?? []))
    .filter((p) => typeof p.port === 'number')
    .map((p) => tcp(p.port as number));
  return [...cidrs].sort().map((cidr) => ({
    name: cidr,
    ip: firstAddress(cidr),
    ports: ports.filter((p, i) => ports.findIndex((q) => q.port === p.port) === i),
  }));
}

function firstAddress(cidr: string): string {
  const [base] = cidr.split('/');
  if (base.includes(':')) {
    return `${base.replace(/::$/, '::')}${base.endsWith('::') ? '1' : ''}`;
  }

  const parts = base.split('.').map(Number);
  parts[3] = Math.min(parts[3] + 1, 254);
  return parts.join('.');
}
