/**
 * Decides, from NetworkPolicy objects alone, whether one workload may open a
 * connection to another on a port, with Kubernetes semantics: each direction
 * is isolated by the policies that select the pod for it; within one peer the
 * namespace and pod selectors must both match; separate peers and separate
 * rules add up; a named port resolves against the destination pod.
 */

type Labels = Readonly<Record<string, string>>;

/** Something that opens or accepts connections: a pod, or an address outside. */
export interface NetworkActor {
  /** A readable name, e.g. `chat-service` or `ingress-nginx controller`. */
  readonly name: string;

  /** Namespace of a pod; absent for an address outside the cluster. */
  readonly namespace?: string;

  /** Labels of a pod's namespace, `kubernetes.io/metadata.name` included. */
  readonly namespaceLabels?: Labels;

  /** Labels of a pod. */
  readonly labels?: Labels;

  /** Named container ports of a pod, for named ports in policies. */
  readonly namedPorts?: Readonly<Record<string, number>>;

  /** IPv4 address outside the cluster. */
  readonly ip?: string;
}

/** A port with its protocol. */
export interface Port {
  readonly port: number;
  readonly protocol: 'TCP' | 'UDP';
}

interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly {
    readonly key: string; readonly operator: string; readonly values?: readonly string[];
  }[];
}

interface Peer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

interface PolicyPort {
  readonly port?: number | string;
  readonly endPort?: number;
  readonly protocol?: string;
}

interface Rule {
  readonly peers?: readonly Peer[];
  readonly ports?: readonly PolicyPort[];
}

/** The parts of a NetworkPolicy object that decide traffic. */
export interface NetworkPolicyObject {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly podSelector: LabelSelector;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly { readonly from?: readonly Peer[];
      readonly ports?: readonly PolicyPort[] }[];
    readonly egress?: readonly { readonly to?: readonly Peer[];
      readonly ports?: readonly PolicyPort[] }[];
  };
}

/** Whether `from` may connect to `to` on `port`, under the given policies. */
export function isAllowed(
  policies: readonly NetworkPolicyObject[],
  from: NetworkActor,
  to: NetworkActor,
  port: Port,
): boolean {
  return directionAllows(policies, from, 'Egress', to, port)
    && directionAllows(policies, to, 'Ingress', from, port);
}

function directionAllows(
  policies: readonly NetworkPolicyObject[],
  subject: NetworkActor,
  direction: 'Ingress' | 'Egress',
  other: NetworkActor,
  port: Port,
): boolean {
  // addresses outside the cluster have no policies of their own
  if (subject.namespace === undefined) {
    return true;
  }

  const isolating = policies.filter((p) => p.kind === 'NetworkPolicy'
    && p.metadata.namespace === subject.namespace
    && policyTypes(p).includes(direction)
    && selects(p.spec.podSelector, subject.labels ?? {}));
  if (isolating.length === 0) {
    return true;
  }

  const destination = direction === 'Egress' ? other : subject;
  return isolating.some((policy) => rules(policy, direction).some((rule) =>
    (rule.peers === undefined || rule.peers.some((peer) =>
      peerMatches(peer, policy.metadata.namespace ?? '', other)))
    && (rule.ports === undefined || rule.ports.length === 0
      || rule.ports.some((p) => portMatches(p, port, destination)))));
}

function policyTypes(policy: NetworkPolicyObject): readonly string[] {
  if (policy.spec.policyTypes !== undefined) {
    return policy.spec.policyTypes;
  }

  return policy.spec.egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'];
}

function rules(policy: NetworkPolicyObject, direction: 'Ingress' | 'Egress'): Rule[] {
  if (direction === 'Ingress') {
    return (policy.spec.ingress ?? []).map((r) => ({ peers: r.from, ports: r.ports }));
  }

  return (policy.spec.egress ?? []).map((r) => ({ peers: r.to, ports: r.ports }));
}

function peerMatches(peer: Peer, policyNamespace: string, actor: NetworkActor): boolean {
  if (peer.ipBlock !== undefined) {
    // ipBlock is meant for addresses outside the cluster; pod IPs are ephemeral
    const { cidr, except = [] } = peer.ipBlock;
    return actor.ip !== undefined && inCidr(actor.ip, cidr)
      && !except.some((range) => inCidr(actor.ip as string, range));
  }

  if (actor.namespace === undefined) {
    return false;
  }

  const namespaceMatches = peer.namespaceSelector === undefined
    ? actor.namespace === policyNamespace
    : selects(peer.namespaceSelector, actor.namespaceLabels ?? {});
  const podMatches = peer.podSelector === undefined || selects(peer.podSelector, actor.labels ?? {});
  return namespaceMatches && podMatches;
}

function portMatches(rulePort: PolicyPort, port: Port, destination: NetworkActor): boolean {
  if ((rulePort.protocol ?? 'TCP') !== port.protocol) {
    return false;
  }

  if (rulePort.port === undefined) {
    return true;
  }

  if (typeof rulePort.port === 'string') {
    return destination.namedPorts?.[rulePort.port] === port.port;
  }

  const last = rulePort.endPort ?? rulePort.port;
  return port.port >= rulePort.port && port.port <= last;
}

function selects(selector: LabelSelector, labels: Labels): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {})
    .every(([key, value]) => labels[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const present = key(labels, e.key);
    switch (e.operator) {
      case 'In': return present && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn': return !present || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists': return present;
      case 'DoesNotExist': return !present;
      default: throw new Error(`unknown label selector operator "${e.operator}"`);
    }
  });
  return byLabels && byExpressions;
}

function key(labels: Labels, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, name);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const [address, network] = [parseIp(ip), parseIp(base)];
  if (address.bits !== network.bits) {
    return false;
  }

  const prefix = BigInt(bits ?? address.bits);
  const shift = BigInt(address.bits) - prefix;
  return (address.value >> shift) === (network.value >> shift);
}

// an IPv4 or IPv6 address as a number of 32 or 128 bits
function parseIp(text: string): { bits: number; value: bigint } {
  if (!text.includes(':')) {
    const parts = text.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
      throw new Error(`"${text}" is not an IP address`);
    }
    return { bits: 32, value: parts.reduce((n, part) => (n << 8n) | BigInt(part), 0n) };
  }

  const [head, tail = ''] = text.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const missing = 8 - groups(head).length - groups(tail).length;
  const all = [...groups(head), ...Array(text.includes('::') ? missing : 0).fill('0'),
    ...groups(tail)];
  if (all.length !== 8 || all.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) {
    throw new Error(`"${text}" is not an IP address`);
  }
  return { bits: 128, value: all.reduce((n, g) => (n << 16n) | BigInt(`0x${g}`), 0n) };
}
