import { EnvironmentLayer } from './types';

/**
 * Testing: short-lived copies in a shared cluster. `npm run synth -- testing
 * --copy <name>` suffixes the namespace, the hosts and the output folder with
 * the copy's name, so several copies live side by side. Each copy keeps its
 * data only as long as it lives: no backups, no monitoring.
 */
export const testing: EnvironmentLayer = {
  appEnvironment: 'staging',
  namespace: 'go-chat-ai-testing',
  cluster: { context: 'go-chat-ai-testing' },
  allowCopies: true,
  certificates: { clusterIssuer: 'letsencrypt-staging' },
  monitoring: { enabled: false },

  services: {
    defaults: {
      replicas: 1,
      autoscaling: { enabled: false },
    },
    auth: {
      hostPrefix: 'auth-testing',
      settings: { allowedOrigins: ['https://chat-testing.example.com'] },
    },
    chat: { hostPrefix: 'chat-testing' },
  },

  postgresql: { backup: { enabled: false } },
};
