import { flowMatrix, formatFlowTable } from '../validation/flow-matrix';
import { NetworkActor, NetworkPolicyObject, Port, isAllowed } from '../validation/network-reachability';
import { defaults } from '../environments/defaults';
import { deepMerge, resolveEnvironment } from '../environments/merge';
import { staging } from '../environments/staging';
import { Manifest, find, ofKind, synthEnvironment, synthPlatform } from './support/manifests';

const objects = synthEnvironment('staging');
const NAMESPACE = 'go-chat-ai-staging';
const policies = ofKind(objects, 'NetworkPolicy') as unknown as NetworkPolicyObject[];

function namespaceLabels(name: string) {
  return { 'kubernetes.io/metadata.name': name };
}

function workload(kind: string, name: string): NetworkActor {
  const template = find(objects, kind, name).spec.template;
  const namedPorts = Object.fromEntries(template.spec.containers
    .flatMap((c: any) => c.ports ?? []).map((p: any) => [p.name, p.containerPort]));
  return { name, namespace: NAMESPACE, namespaceLabels: namespaceLabels(NAMESPACE),
    labels: template.metadata.labels, namedPorts };
}

function pod(name: string, namespace: string, labels: Record<string, string>): NetworkActor {
  return { name, namespace, namespaceLabels: namespaceLabels(namespace), labels };
}

const auth = workload('Deployment', 'auth-service');
const chat = workload('Deployment', 'chat-service');
const postgres = workload('StatefulSet', 'postgresql');
const redis = workload('StatefulSet', 'redis');
const ingressController = pod('ingress-nginx controller', 'ingress-nginx', {
  'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller',
});
const prometheus = pod('prometheus', 'monitoring', { 'app.kubernetes.io/name': 'prometheus' });
const kubeDns = pod('kube-dns', 'kube-system', { 'k8s-app': 'kube-dns' });
const otherNamespace = pod('a pod of another namespace', 'team-x', {
  'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller',
});
const otherInIngressNamespace = pod('another pod of ingress-nginx', 'ingress-nginx',
  { app: 'default-backend' });
const openAi: NetworkActor = { name: 'api.openai.com', ip: '162.159.140.245' };
const metadataService: NetworkActor = { name: 'cloud metadata', ip: '169.254.169.254' };
const privateHost: NetworkActor = { name: 'a private address', ip: '10.0.12.7' };

const tcp = (port: number): Port => ({ port, protocol: 'TCP' });
const udp = (port: number): Port => ({ port, protocol: 'UDP' });
const workloads = [auth, chat, postgres, redis];

// test.each rows that read as "from -> to on port/protocol" in the test names
const flow = (from: NetworkActor, to: NetworkActor, port: Port) =>
  [from.name, to.name, port.port, port.protocol, from, to, port] as const;

describe('network policies | the traffic table', () => {
  test.each([
    flow(ingressController, auth, tcp(8080)),
    flow(ingressController, chat, tcp(8083)),
    flow(chat, auth, tcp(8081)),
    flow(auth, postgres, tcp(5432)),
    flow(chat, postgres, tcp(5432)),
    flow(auth, redis, tcp(6379)),
    flow(chat, openAi, tcp(443)),
    flow(prometheus, auth, tcp(8080)),
    flow(prometheus, chat, tcp(8083)),
  ])('allows %s -> %s on %i/%s', (_from, _to, _port, _protocol, from, to, port) => {
    expect(isAllowed(policies, from, to, port)).toBe(true);
  });

  test.each(workloads.map((w) => [w.name, w]))('lets %s resolve names through kube-dns', (_, from) => {
    expect(isAllowed(policies, from as NetworkActor, kubeDns, udp(53))).toBe(true);
    expect(isAllowed(policies, from as NetworkActor, kubeDns, tcp(53))).toBe(true);
  });
});

describe('network policies | everything else is denied', () => {
  test.each([
    flow(otherNamespace, postgres, tcp(5432)),
    flow(otherNamespace, redis, tcp(6379)),
    flow(otherNamespace, auth, tcp(8081)),
    flow(otherNamespace, auth, tcp(8080)),
    flow(otherInIngressNamespace, auth, tcp(8080)),
    flow(ingressController, postgres, tcp(5432)),
    flow(ingressController, auth, tcp(8081)),
    flow(auth, openAi, tcp(443)),
    flow(postgres, openAi, tcp(443)),
    flow(redis, openAi, tcp(443)),
    flow(chat, openAi, tcp(80)),
    flow(chat, metadataService, tcp(443)),
    flow(chat, privateHost, tcp(443)),
    flow(chat, redis, tcp(6379)),
    flow(auth, chat, tcp(8082)),
    flow(postgres, auth, tcp(8081)),
    flow(prometheus, postgres, tcp(5432)),
    flow(auth, kubeDns, tcp(443)),
  ])('denies %s -> %s on %i/%s', (_from, _to, _port, _protocol, from, to, port) => {
    expect(isAllowed(policies, from, to, port)).toBe(false);
  });

  test('only chat-service reaches any public address', () => {
    const reachesInternet = workloads.filter((w) => isAllowed(policies, w, openAi, tcp(443)));
    expect(reachesInternet.map((w) => w.name)).toEqual(['chat-service']);
  });
});

describe('network policies | how the peers are written', () => {
  const peers = policies.flatMap((p) => [
    ...(p.spec.ingress ?? []).flatMap((r) => r.from ?? []),
    ...(p.spec.egress ?? []).flatMap((r) => r.to ?? []),
  ]);

  test('the namespace denies all ingress and egress by default', () => {
    expect(find(objects, 'NetworkPolicy', 'default-deny').spec)
      .toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('every peer in another namespace names its pods in the same entry', () => {
    for (const peer of peers.filter((p) => p.namespaceSelector !== undefined)) {
      expect(peer.podSelector?.matchLabels).toBeTruthy();
      expect(Object.keys(peer.namespaceSelector?.matchLabels ?? {}))
        .toEqual(['kubernetes.io/metadata.name']);
    }
  });

  test('DNS egress goes to the kube-dns pods only, on port 53', () => {
    const dns = find(objects, 'NetworkPolicy', 'allow-dns') as Manifest;
    expect(dns.spec.egress).toEqual([{
      to: [{
        namespaceSelector: { matchLabels: namespaceLabels('kube-system') },
        podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      }],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  test('every workload of the namespace has a policy of its own', () => {
    for (const w of workloads) {
      const policy = find(objects, 'NetworkPolicy', w.name);
      expect(w.labels).toMatchObject(policy.spec.podSelector.matchLabels);
    }
  });
});

describe('network policies | the whole matrix', () => {
  test('exactly the traffic table is allowed, and every other connection is denied', () => {
    // GIVEN every connection between the platform and the outside, on every listening port
    const checks = flowMatrix(objects);

    // THEN the allowed ones are the table's lines, the backup's, and DNS for every workload
    const dns = ['acme-http-solver', 'auth-service', 'chat-service', 'notification-service',
      'postgresql', 'postgresql-backup', 'redis']
      .flatMap((name) => [`${name} -> kube-dns 53/UDP`, `${name} -> kube-dns 53/TCP`]);
    expect(checks.filter((c) => c.allowed).map((c) => `${c.from} -> ${c.to} ${c.port}/${c.protocol}`)
      .sort()).toEqual([
      'auth-service -> postgresql 5432/TCP',
      'auth-service -> redis 6379/TCP',
      'chat-service -> auth-service 8081/TCP',
      'chat-service -> internet 443/TCP',
      'chat-service -> internet-ipv6 443/TCP',
      'chat-service -> postgresql 5432/TCP',
      'ingress-nginx -> acme-http-solver 8089/TCP',
      'ingress-nginx -> auth-service 8080/TCP',
      'ingress-nginx -> chat-service 8083/TCP',
      'notification-service -> auth-service 8081/TCP',
      'notification-service -> postgresql 5432/TCP',
      'postgresql-backup -> postgresql 5432/TCP',
      'prometheus -> auth-service 8080/TCP',
      'prometheus -> chat-service 8083/TCP',
      'prometheus -> notification-service 8085/TCP',
      ...dns,
    ].sort());
    expect(checks.filter((c) => !c.allowed).length).toBeGreaterThan(80);
  });

  test('the printed table lists the allowed flows and counts the rest', () => {
    const table = formatFlowTable(flowMatrix(objects));
    expect(table.split('\n')[0]).toMatch(/^FROM\s+TO\s+PORT$/);
    expect(table).toMatch(/^chat-service\s+internet\s+443\/TCP$/m);
    expect(table).toMatch(/^\d+ flows allowed, \d+ other connections checked and denied$/m);
  });
});

describe('network policies | certificates and dual stack', () => {
  const solver = pod('acme solver', NAMESPACE, { 'acme.cert-manager.io/http01-solver': 'true' });

  test('ingress-nginx reaches cert-manager\'s HTTP-01 solver pods, and nobody else does', () => {
    expect(isAllowed(policies, ingressController, solver, tcp(8089))).toBe(true);
    expect(isAllowed(policies, otherNamespace, solver, tcp(8089))).toBe(false);
    expect(isAllowed(policies, ingressController, solver, tcp(80))).toBe(false);
  });

  test('chat-service reaches public IPv6 addresses on 443, not private ones', () => {
    expect(isAllowed(policies, chat, { name: 'v6', ip: '2606:4700::6810:84e5' }, tcp(443)))
      .toBe(true);
    expect(isAllowed(policies, chat, { name: 'ula', ip: 'fd00::1' }, tcp(443))).toBe(false);
    expect(isAllowed(policies, auth, { name: 'v6', ip: '2606:4700::6810:84e5' }, tcp(443)))
      .toBe(false);
  });

  test('a DNS-01 or private issuer needs no solver flow', () => {
    const off = synthPlatform(resolveEnvironment('staging', defaults,
      deepMerge(staging, { certificates: { acmeHttp01: false } }) as typeof staging));
    expect(off.filter((o) => o.metadata.name === 'cm-acme-http-solver')).toEqual([]);
  });
});
