import { BaseLayer } from './types';

/**
 * What every environment starts from. Environments override only what
 * differs; the services' sections override `services.defaults`.
 */
export const defaults: BaseLayer = {
  appEnvironment: 'development',
  release: '1.0.0',
  namespace: 'go-chat-ai',
  // the local cluster: an environment that forgot its own cannot reach a shared one
  cluster: { context: 'kind-go-chat-ai' },
  allowCopies: false,
  domain: 'example.com',
  certificates: { enabled: true, clusterIssuer: 'letsencrypt-prod', acmeHttp01: true },
  monitoring: { enabled: true, scrapeInterval: '30s', labels: {} },

  services: {
    defaults: {
      image: { repository: 'ghcr.io/go-chat-ai/service', tag: '1.0.0' },
      ports: { grpc: 8081, rest: 8080 },
      replicas: 1,
      autoscaling: {
        enabled: false,
        minReplicas: 1,
        maxReplicas: 3,
        targetCpuUtilization: 80,
        targetMemoryUtilization: 80,
      },
      resources: {
        cpuRequest: '100m',
        memoryRequest: '128Mi',
        cpuLimit: '250m',
        memoryLimit: '256Mi',
      },
      minAvailable: 1,
      hostPrefix: 'service',
      ingress: true,
      spreadAcrossTopology: false,
      canary: { enabled: false, tag: '1.0.0', weight: 10, replicas: 1 },
      settings: {
        logLevel: 'info',
        logJsonFormat: true,
        database: { sslMode: 'disable', maxConnections: 10, maxIdleConnections: 5 },
        rateLimit: { enabled: true, requests: 100, windowSeconds: 60 },
        tls: { enabled: false, minVersion: '1.2', maxVersion: '1.3' },
        securityHeaders: {
          enabled: true,
          hstsMaxAgeSeconds: 31536000,
          contentSecurityPolicy: "default-src 'self'",
        },
        sensitiveLogging: { sensitiveData: false, requestHeaders: false, responseBody: false },
      },
    },

    auth: {
      image: { repository: 'ghcr.io/go-chat-ai/auth-service' },
      ports: { grpc: 8081, rest: 8080 },
      hostPrefix: 'auth',
      settings: {
        allowedOrigins: ['https://chat.example.com'],
        accessTokenMinutes: 15,
        refreshTokenDays: 7,
      },
    },

    chat: {
      image: { repository: 'ghcr.io/go-chat-ai/chat-service' },
      ports: { grpc: 8082, rest: 8083 },
      hostPrefix: 'chat',
      settings: {
        openAi: { model: 'gpt-4o-mini', maxTokens: 1000, temperature: 0.7, timeoutSeconds: 30 },
        migrationsDir: '/app/migrations',
      },
    },

    // internal: no Ingress, and a small pool, for a service that mostly waits
    notification: {
      image: { repository: 'ghcr.io/go-chat-ai/notification-service', tag: '0.1.0' },
      ports: { grpc: 8084, rest: 8085 },
      hostPrefix: 'notification',
      ingress: false,
      settings: { database: { maxConnections: 5, maxIdleConnections: 2 } },
    },
  },

  postgresql: {
    image: { repository: 'postgres', tag: '16.4' },
    storage: { size: '1Gi' },
    resources: { cpuRequest: '250m', memoryRequest: '256Mi', memoryLimit: '512Mi' },
    maxConnections: 150,
    backup: {
      enabled: true,
      schedule: '0 2 * * *',
      keep: 7,
      maxAgeHours: 26,
      storage: { size: '2Gi' },
    },
  },

  redis: {
    image: { repository: 'redis', tag: '7.4.1' },
    storage: { size: '1Gi' },
    resources: { cpuRequest: '100m', memoryRequest: '128Mi', memoryLimit: '256Mi' },
    maxMemory: '200mb',
    maxMemoryPolicy: 'volatile-lru',
  },
};
