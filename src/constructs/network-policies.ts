import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { checkDnsLabel, checkWholeNumber } from '../kubernetes-values';

/** A port and protocol a flow is allowed on. */
export interface NetworkPort {
  /** Port number on the destination. */
  readonly port: number;

  /** Transport protocol. @default 'TCP' */
  readonly protocol?: 'TCP' | 'UDP';
}

// private, link-local and shared address space: "the internet" must not
// include the cluster's own networks or the cloud metadata endpoint
const NON_PUBLIC_IPV4 = [
  '10.0.0.0/8', '100.64.0.0/10', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
];
// unique-local and link-local IPv6, for dual-stack clusters
const NON_PUBLIC_IPV6 = ['fc00::/7', 'fe80::/10'];

/**
 * One end of a flow: pods of the platform's namespace, pods of another
 * namespace, or addresses outside the cluster.
 */
export class NetworkEndpoint {

  /**
   * Pods of the platform's own namespace.
   * @param name names the NetworkPolicy that isolates these pods
   * @param podSelector labels the pods carry
   * @param objectLabels labels for that NetworkPolicy object
   */
  public static pods(
    name: string,
    podSelector: Record<string, string>,
    objectLabels: Record<string, string> = {},
  ): NetworkEndpoint {
    return new NetworkEndpoint(name, [{ podSelector: { matchLabels: podSelector } }], {
      podSelector, objectLabels,
    });
  }

  /**
   * Pods of another namespace. The namespace is matched by the
   * `kubernetes.io/metadata.name` label the API server sets on every namespace,
   * and namespace and pods are one peer, so both must match.
   */
  public static namespacePods(namespace: string, podSelector: Record<string, string>) {
    return new NetworkEndpoint(`${namespace}/${describeLabels(podSelector)}`, [{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } },
      podSelector: { matchLabels: podSelector },
    }]);
  }

  /** Addresses outside the cluster, e.g. a managed database's network. */
  public static ipBlock(cidr: string, except: readonly string[] = []): NetworkEndpoint {
    return new NetworkEndpoint(cidr, [ipBlockPeer(cidr, except)]);
  }

  /** Every public address, IPv4 and IPv6: private and link-local ranges are excluded. */
  public static internet(): NetworkEndpoint {
    return new NetworkEndpoint('internet', [
      ipBlockPeer('0.0.0.0/0', NON_PUBLIC_IPV4),
      ipBlockPeer('::/0', NON_PUBLIC_IPV6),
    ]);
  }

  private constructor(
    /** A readable name for reports and policy names. */
    public readonly name: string,
    /** The peers that match this endpoint in another pod's policy. */
    public readonly peers: readonly k8s.NetworkPolicyPeer[],
    /** Set for pods of the platform's namespace, which get a policy of their own. */
    public readonly local?: {
      readonly podSelector: Record<string, string>;
      readonly objectLabels: Record<string, string>;
    },
  ) {}
}

/** One allowed connection. */
export interface NetworkFlow {
  /** Where connections start. */
  readonly from: NetworkEndpoint;

  /** Where they go. */
  readonly to: NetworkEndpoint;

  /** The destination ports. */
  readonly ports: readonly NetworkPort[];
}

/** Props of {@link NetworkPolicies}. */
export interface NetworkPoliciesProps {
  /** Namespace the policies apply to. */
  readonly namespace: string;

  /** Labels for the namespace-wide policies (default deny and DNS). */
  readonly labels: Record<string, string>;

  /** The cluster's DNS pods. @default - pods `k8s-app=kube-dns` in `kube-system` */
  readonly dns?: NetworkEndpoint;

  /**
   * The ingress controller's pods.
   * @default - ingress-nginx controller pods in namespace `ingress-nginx`
   */
  readonly ingressController?: NetworkEndpoint;

  /** Prometheus' pods. @default - pods `app.kubernetes.io/name=prometheus` in `monitoring` */
  readonly prometheus?: NetworkEndpoint;
}

/**
 * Default-deny NetworkPolicies for a namespace, plus one policy per workload
 * that lets in and out exactly the flows declared with {@link allow}.
 */
export class NetworkPolicies extends Construct {

  /** The ingress controller's pods, the source of public traffic. */
  public readonly ingressController: NetworkEndpoint;

  /** Prometheus' pods, which scrape the metrics ports. */
  public readonly prometheus: NetworkEndpoint;

  /** Namespace the policies apply to. */
  public readonly namespace: string;

  private readonly declared: NetworkFlow[] = [];
  private readonly selectors = new Map<string, Record<string, string>>();

  constructor(scope: Construct, id: string, props: NetworkPoliciesProps) {
    super(scope, id);
    this.namespace = props.namespace;
    checkDnsLabel(props.namespace, 'namespace', this.node.path);
    this.ingressController = props.ingressController
      ?? NetworkEndpoint.namespacePods('ingress-nginx', {
        'app.kubernetes.io/name': 'ingress-nginx',
        'app.kubernetes.io/component': 'controller',
      });
    this.prometheus = props.prometheus
      ?? NetworkEndpoint.namespacePods('monitoring', { 'app.kubernetes.io/name': 'prometheus' });
    const dns = props.dns ?? NetworkEndpoint.namespacePods('kube-system', {
      'k8s-app': 'kube-dns',
    });

    new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: { name: 'default-deny', namespace: this.namespace, labels: props.labels },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    new k8s.KubeNetworkPolicy(this, 'AllowDns', {
      metadata: { name: 'allow-dns', namespace: this.namespace, labels: props.labels },
      spec: {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [{
          to: [...dns.peers],
          ports: renderPorts([{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }]),
        }],
      },
    });
  }

  /** The NetworkPolicy of a workload of the namespace, once a flow names it. */
  public policyOf(endpoint: NetworkEndpoint): IConstruct {
    const policy = this.node.tryFindChild(`Allow-${endpoint.name}`);
    if (policy === undefined) {
      throw new Error(`${this.node.path}: "${endpoint.name}" has no policy yet; declare a `
        + 'flow to or from it first');
    }
    return policy;
  }

  /** The flows declared so far, in the order they were declared. */
  public get flows(): readonly NetworkFlow[] {
    return [...this.declared];
  }

  /**
   * Allows connections from one endpoint to another on the given ports:
   * egress on the source's policy and ingress on the destination's, for
   * whichever of the two are pods of this namespace.
   */
  public allow(from: NetworkEndpoint, to: NetworkEndpoint, ports: readonly NetworkPort[]) {
    if (from.local === undefined && to.local === undefined) {
      throw new Error(`${this.node.path}: flow ${from.name} -> ${to.name} has no end in `
        + `namespace "${this.namespace}"; one end must be pods of this namespace`);
    }

    if (ports.length === 0) {
      throw new Error(`${this.node.path}: flow ${from.name} -> ${to.name} names no port; `
        + 'give at least one destination port');
    }

    for (const port of ports) {
      checkWholeNumber(port.port, `port of flow ${from.name} -> ${to.name}`, this.node.path,
        1, 65535);
    }

    this.declared.push({ from, to, ports });
    for (const endpoint of [from, to]) {
      this.ensurePolicy(endpoint);
    }
  }

  private ensurePolicy(endpoint: NetworkEndpoint): void {
    const local = endpoint.local;
    if (local === undefined) {
      return;
    }

    const existing = this.selectors.get(endpoint.name);
    if (existing !== undefined) {
      if (JSON.stringify(existing) !== JSON.stringify(local.podSelector)) {
        throw new Error(`${this.node.path}: two different workloads are both named `
          + `"${endpoint.name}"; give each workload of the namespace its own name`);
      }
      return;
    }
    this.selectors.set(endpoint.name, local.podSelector);

    new k8s.KubeNetworkPolicy(this, `Allow-${endpoint.name}`, {
      metadata: { name: endpoint.name, namespace: this.namespace, labels: local.objectLabels },
      spec: Lazy.any({ produce: () => this.renderSpec(endpoint) }),
    });
  }

  private renderSpec(endpoint: NetworkEndpoint): k8s.NetworkPolicySpec {
    const ingress = this.declared
      .filter((flow) => flow.to.local !== undefined && flow.to.name === endpoint.name)
      .map((flow) => ({ from: [...flow.from.peers], ports: renderPorts(flow.ports) }));
    const egress = this.declared
      .filter((flow) => flow.from.local !== undefined && flow.from.name === endpoint.name)
      .map((flow) => ({ to: [...flow.to.peers], ports: renderPorts(flow.ports) }));

    const policyTypes = [
      ...(ingress.length > 0 ? ['Ingress'] : []),
      ...(egress.length > 0 ? ['Egress'] : []),
    ];
    return {
      podSelector: { matchLabels: endpoint.local?.podSelector },
      policyTypes,
      ...(ingress.length > 0 ? { ingress } : {}),
      ...(egress.length > 0 ? { egress } : {}),
    };
  }
}

function renderPorts(ports: readonly NetworkPort[]): k8s.NetworkPolicyPort[] {
  return ports.map((p) => ({
    protocol: p.protocol ?? 'TCP',
    port: k8s.IntOrString.fromNumber(p.port),
  }));
}

function ipBlockPeer(cidr: string, except: readonly string[]): k8s.NetworkPolicyPeer {
  return { ipBlock: except.length === 0 ? { cidr } : { cidr, except: [...except] } };
}

function describeLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}
