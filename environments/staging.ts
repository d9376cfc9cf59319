import { EnvironmentLayer } from './types';

/** Staging: the old chart's staging values, now actually applied. */
export const staging: EnvironmentLayer = {
  appEnvironment: 'staging',
  namespace: 'go-chat-ai-staging',
  cluster: { context: 'go-chat-ai-staging' },
  certificates: { clusterIssuer: 'letsencrypt-staging' },

  services: {
    defaults: {
      replicas: 2,
      autoscaling: {
        enabled: true,
        minReplicas: 2,
        maxReplicas: 5,
        targetCpuUtilization: 80,
        targetMemoryUtilization: 80,
      },
      resources: {
        cpuRequest: '250m',
        memoryRequest: '256Mi',
        cpuLimit: '500m',
        memoryLimit: '512Mi',
      },
    },
    auth: {
      hostPrefix: 'auth-staging',
      settings: { allowedOrigins: ['https://chat-staging.example.com'] },
    },
    chat: { hostPrefix: 'chat-staging' },
  },

  postgresql: { storage: { size: '5Gi' }, backup: { keep: 7, storage: { size: '10Gi' } } },
  redis: { storage: { size: '2Gi' } },
};
