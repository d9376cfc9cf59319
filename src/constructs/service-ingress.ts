import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { checkDnsSubdomain } from '../kubernetes-values';

/** What one Ingress of a platform service is made of. */
export interface ServiceIngressSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly host: string;
  readonly className: string;
  /** Absent: plain HTTP, for clusters without cert-manager. */
  readonly clusterIssuer?: string;
  readonly tlsSecretName: string;
  readonly serviceName: string;
  readonly servesTls: boolean;
  readonly annotations?: Record<string, string>;
}

/**
 * An ingress-nginx Ingress to a Service's `http` port, with a cert-manager
 * certificate when a ClusterIssuer is given.
 */
export function createServiceIngress(scope: Construct, id: string, spec: ServiceIngressSpec) {
  const where = scope.node.path;
  checkDnsSubdomain(spec.host, 'ingress.host', where);
  const annotations: Record<string, string> = { ...spec.annotations };
  if (spec.clusterIssuer !== undefined) {
    checkDnsSubdomain(spec.clusterIssuer, 'ingress.clusterIssuer', where);
    annotations['cert-manager.io/cluster-issuer'] = spec.clusterIssuer;
  }

  if (spec.servesTls) {
    annotations['nginx.ingress.kubernetes.io/backend-protocol'] = 'HTTPS';
  }

  // ingressClassName only: the API server rejects an Ingress that also
  // carries the deprecated kubernetes.io/ingress.class annotation
  return new k8s.KubeIngress(scope, id, {
    metadata: { name: spec.name, namespace: spec.namespace, labels: spec.labels,
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
    spec: {
      ingressClassName: spec.className,
      tls: spec.clusterIssuer === undefined ? undefined
        : [{ hosts: [spec.host], secretName: spec.tlsSecretName }],
      rules: [{
        host: spec.host,
        http: {
          paths: [{
            path: '/',
            pathType: 'Prefix',
            backend: { service: { name: spec.serviceName, port: { name: 'http' } } },
          }],
        },
      }],
    },
  });
}
