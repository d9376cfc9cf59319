import { EnvironmentLayer } from './types';

/**
 * Development: a local single-node cluster (kind, minikube) with
 * ingress-nginx only. One pod per service, no HPA, no cert-manager and no
 * Prometheus Operator; hosts under localtest.me resolve to 127.0.0.1.
 */
export const development: EnvironmentLayer = {
  appEnvironment: 'development',
  namespace: 'go-chat-ai-dev',
  // what `kind create cluster --name go-chat-ai` names its context
  cluster: { context: 'kind-go-chat-ai' },
  domain: 'localtest.me',
  certificates: { enabled: false, acmeHttp01: false },
  monitoring: { enabled: false },

  services: {
    defaults: {
      replicas: 1,
      autoscaling: { enabled: false },
      resources: { cpuRequest: '50m', memoryRequest: '64Mi', cpuLimit: '500m',
        memoryLimit: '256Mi' },
      settings: { logLevel: 'debug', logJsonFormat: false },
    },
    auth: { settings: { allowedOrigins: ['http://chat.localtest.me'] } },
  },

  postgresql: {
    storage: { size: '1Gi' },
    resources: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '512Mi' },
    backup: { enabled: false },
  },
  redis: { storage: { size: '256Mi' }, maxMemory: '100mb' },
};
