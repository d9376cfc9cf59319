import { EXTERNAL_ANNOTATION } from '../src/validation/external';

/** One object of the fixture, as plain JSON that tests may edit in place. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests edit any field
export type FixtureObject = Record<string, any>;

/**
 * A small app that passes every rule of the gate in staging: a Deployment
 * behind a Service, an Ingress and an autoscaler, with its policy, budget,
 * monitor, role and a StatefulSet. Tests break one field and expect one finding.
 */
export interface GoodApp {
  readonly namespace: FixtureObject;
  readonly account: FixtureObject;
  readonly config: FixtureObject;
  readonly deployment: FixtureObject;
  readonly service: FixtureObject;
  readonly autoscaler: FixtureObject;
  readonly budget: FixtureObject;
  readonly ingress: FixtureObject;
  readonly policy: FixtureObject;
  readonly monitor: FixtureObject;
  readonly role: FixtureObject;
  readonly binding: FixtureObject;
  readonly cacheService: FixtureObject;
  readonly cache: FixtureObject;
}

export const NAMESPACE = 'shop';
const APP = { 'app.kubernetes.io/name': 'api' };
const CACHE = { 'app.kubernetes.io/name': 'cache' };

function meta(name: string, labels: Record<string, string> = APP) {
  return { name, namespace: NAMESPACE, labels: { ...labels } };
}

/** A fresh copy of the app, every object its own. */
export function goodApp(): GoodApp {
  return {
    namespace: {
      apiVersion: 'v1', kind: 'Namespace',
      metadata: {
        name: NAMESPACE, annotations: { [EXTERNAL_ANNOTATION]: 'Secret/api-db' },
      },
    },
    account: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('api'),
      automountServiceAccountToken: false },
    config: {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('api-config'),
      data: { LOG_LEVEL: 'info', MIN_PASSWORD_LENGTH: '12', TLS_KEY_FILE: '/tls/key' },
    },
    deployment: deployment(),
    service: {
      apiVersion: 'v1', kind: 'Service', metadata: meta('api'),
      spec: {
        selector: { ...APP }, ports: [{ name: 'http', port: 80, targetPort: 'http' }],
      },
    },
    autoscaler: {
      apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler',
      metadata: meta('api'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' },
        minReplicas: 2, maxReplicas: 4,
        metrics: [{
          type: 'Resource',
          resource: {
            name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 },
          },
        }],
      },
    },
    budget: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('api'),
      spec: { minAvailable: 1, selector: { matchLabels: { ...APP } } } },
    ingress: ingress(),
    policy: policy(),
    monitor: {
      apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor',
      metadata: meta('api'),
      spec: {
        selector: { matchLabels: { ...APP } },
        endpoints: [{ port: 'http', path: '/metrics' }],
      },
    },
    role: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('api'),
      rules: [{ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'watch'] }],
    },
    binding: {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
      metadata: meta('api'),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api' }],
    },
    cacheService: {
      apiVersion: 'v1', kind: 'Service', metadata: meta('cache', CACHE),
      spec: {
        clusterIP: 'None', selector: { ...CACHE }, ports: [{ name: 'redis', port: 6379 }],
      },
    },
    cache: cache(),
  };
}

/** The app's objects in order, ready for the gate. */
export function objectsOf(app: GoodApp): FixtureObject[] {
  return Object.values(app);
}

interface Port {
  readonly name: string;
  readonly containerPort: number;
}

function container(name: string, image: string, port: Port) {
  return {
    name, image,
    ports: [port],
    resources: {
      requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' },
    },
    readinessProbe: { httpGet: { path: '/health', port: port.name } },
    livenessProbe: { tcpSocket: { port: port.containerPort } },
    securityContext: {
      runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
  };
}

function podSecurity() {
  return {
    runAsNonRoot: true, runAsUser: 10001, seccompProfile: { type: 'RuntimeDefault' },
  };
}

function deployment() {
  const api = container('api', 'registry.example.com/shop/api:1.4.2',
    { name: 'http', containerPort: 8080 });
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('api'),
    spec: {
      selector: { matchLabels: { ...APP } },
      template: {
        metadata: { labels: { ...APP } },
        spec: {
          serviceAccountName: 'api',
          securityContext: podSecurity(),
          containers: [{
            ...api,
            env: [
              { name: 'APP_ENV', value: 'staging' },
              { name: 'DB_PASSWORD',
                valueFrom: { secretKeyRef: { name: 'api-db', key: 'password' } } },
              { name: 'LOG_LEVEL',
                valueFrom: {
                  configMapKeyRef: { name: 'api-config', key: 'LOG_LEVEL' },
                } },
            ],
            envFrom: [{ configMapRef: { name: 'api-config' } }],
          }],
          volumes: [{ name: 'tmp', emptyDir: {} }],
        },
      },
    },
  };
}

function cache() {
  const redis = container('redis', 'redis@sha256:' + 'a'.repeat(64),
    { name: 'redis', containerPort: 6379 });
  return {
    apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: meta('cache', CACHE),
    spec: {
      replicas: 1,
      serviceName: 'cache',
      selector: { matchLabels: { ...CACHE } },
      template: {
        metadata: { labels: { ...CACHE } },
        spec: { securityContext: podSecurity(), containers: [redis],
          volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '64Mi' } }] },
      },
    },
  };
}

function ingress() {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'Ingress',
    metadata: {
      ...meta('api'), annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt' },
    },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['api.example.com'], secretName: 'api-tls' }],
      rules: [{
        host: 'api.example.com',
        http: { paths: [{ path: '/', pathType: 'Prefix',
          backend: { service: { name: 'api', port: { name: 'http' } } } }] },
      }],
    },
  };
}

function policy() {
  return {
    apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy',
    metadata: meta('cache', CACHE),
    spec: {
      podSelector: { matchLabels: { ...CACHE } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { ...APP } } }],
        ports: [{ protocol: 'TCP', port: 6379 }] }],
    },
  };
}
