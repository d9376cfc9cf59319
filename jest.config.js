/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // the integration tests start real servers: `npm run test:integration`
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/integration/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // the package's own name resolves to its public entry point, as it does for
  // an app that installs this package
  moduleNameMapper: { '^go-chat-ai-deploy$': '<rootDir>/src/index.ts' },
};
