import { EnvironmentLayer } from './types';

/**
 * Production: at least three pods per service spread over zones and nodes,
 * two of them kept through disruptions; TLS 1.2 and later; database TLS,
 * which the managed PostgreSQL serves (the in-cluster one does not).
 */
export const production: EnvironmentLayer = {
  appEnvironment: 'production',
  namespace: 'go-chat-ai',
  cluster: { context: 'go-chat-ai-production' },
  certificates: { clusterIssuer: 'letsencrypt-prod' },

  services: {
    defaults: {
      replicas: 3,
      autoscaling: {
        enabled: true,
        minReplicas: 3,
        maxReplicas: 10,
        targetCpuUtilization: 70,
        targetMemoryUtilization: 80,
      },
      resources: {
        cpuRequest: '500m',
        memoryRequest: '512Mi',
        cpuLimit: '1',
        memoryLimit: '1Gi',
      },
      minAvailable: 2,
      spreadAcrossTopology: true,
      settings: {
        logLevel: 'info',
        database: { sslMode: 'require', maxConnections: 10, maxIdleConnections: 5 },
        tls: { minVersion: '1.2', maxVersion: '1.3' },
      },
    },
    auth: {
      hostPrefix: 'auth',
      settings: { allowedOrigins: ['https://chat.example.com'] },
    },
    chat: { hostPrefix: 'chat' },
  },

  // the managed server: set its address and network before the first deploy
  postgresql: {
    external: { host: 'postgres.internal.example.com', port: 5432, cidr: '10.30.0.0/16' },
  },
  redis: {
    storage: { size: '5Gi' },
    resources: { cpuRequest: '250m', memoryRequest: '512Mi', memoryLimit: '1Gi' },
    maxMemory: '800mb',
  },
};
