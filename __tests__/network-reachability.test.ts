import { NetworkActor, NetworkPolicyObject, isAllowed } from '../validation/network-reachability';

// the evaluator the flow tests rely on, checked against hand-written policies

const app = (name: string, namespace: string, labels: Record<string, string>,
  namedPorts: Record<string, number> = {}): NetworkActor => ({
  name, namespace, labels, namedPorts,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
});
const db = app('db', 'prod', { app: 'db' }, { postgresql: 5432 });
const api = app('api', 'prod', { app: 'api' });
const nginx = app('nginx', 'ingress-nginx', { app: 'nginx' });
const stranger = app('stranger', 'ingress-nginx', { app: 'stranger' });
const tcp = (port: number) => ({ port, protocol: 'TCP' as const });

function ingressPolicy(from: object[], ports?: object[]): NetworkPolicyObject {
  return {
    kind: 'NetworkPolicy',
    metadata: { name: 'db', namespace: 'prod' },
    spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'],
      ingress: [{ from, ...(ports ? { ports } : {}) }] },
  } as NetworkPolicyObject;
}

const NAMESPACE_OF_NGINX = { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } };

describe('network reachability |', () => {
  test('a pod no policy selects is not isolated', () => {
    expect(isAllowed([], stranger, db, tcp(5432))).toBe(true);
  });

  test('namespace and pod selectors in one peer must both match', () => {
    // GIVEN one peer with both selectors
    const policy = ingressPolicy([{ namespaceSelector: NAMESPACE_OF_NGINX,
      podSelector: { matchLabels: { app: 'nginx' } } }]);

    // THEN only the named pod of that namespace is let in
    expect(isAllowed([policy], nginx, db, tcp(5432))).toBe(true);
    expect(isAllowed([policy], stranger, db, tcp(5432))).toBe(false);
  });

  test('separate peers are alternatives, so a lone namespace selector lets all its pods in', () => {
    // GIVEN the two selectors as separate peers, the old chart's mistake
    const policy = ingressPolicy([{ namespaceSelector: NAMESPACE_OF_NGINX },
      { podSelector: { matchLabels: { app: 'nginx' } } }]);

    // THEN every pod of that namespace gets in
    expect(isAllowed([policy], stranger, db, tcp(5432))).toBe(true);
  });

  test('a pod selector alone matches pods of the policy\'s own namespace only', () => {
    const policy = ingressPolicy([{ podSelector: { matchLabels: { app: 'nginx' } } }]);
    expect(isAllowed([policy], nginx, db, tcp(5432))).toBe(false);
    expect(isAllowed([policy], app('nginx', 'prod', { app: 'nginx' }), db, tcp(5432))).toBe(true);
  });

  test('a named port resolves against the destination pod', () => {
    const policy = ingressPolicy([{ podSelector: { matchLabels: { app: 'api' } } }],
      [{ port: 'postgresql', protocol: 'TCP' }]);
    expect(isAllowed([policy], api, db, tcp(5432))).toBe(true);
    expect(isAllowed([policy], api, db, tcp(5433))).toBe(false);
  });

  test('egress isolation of the source applies as well as ingress of the destination', () => {
    const denyEgress: NetworkPolicyObject = {
      kind: 'NetworkPolicy',
      metadata: { name: 'deny', namespace: 'prod' },
      spec: { podSelector: {}, policyTypes: ['Egress'] },
    };
    expect(isAllowed([denyEgress], api, db, tcp(5432))).toBe(false);
    expect(isAllowed([denyEgress], nginx, db, tcp(5432))).toBe(true);
  });

  test('an ipBlock matches addresses in its range and not in its exceptions', () => {
    const policy: NetworkPolicyObject = {
      kind: 'NetworkPolicy',
      metadata: { name: 'out', namespace: 'prod' },
      spec: { podSelector: {}, policyTypes: ['Egress'],
        egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] },
    };
    expect(isAllowed([policy], api, { name: 'public', ip: '8.8.8.8' }, tcp(443))).toBe(true);
    expect(isAllowed([policy], api, { name: 'private', ip: '10.1.2.3' }, tcp(443))).toBe(false);
    expect(isAllowed([policy], api, db, tcp(5432))).toBe(false);
  });
});
