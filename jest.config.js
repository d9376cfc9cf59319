/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // the integration tests start real servers: `npm run test:integration`
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/integration/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // jest's default leaves one of two cores idle; the suite is mostly waiting
  // on child processes (synths, a fake kubectl), so two workers finish sooner
  maxWorkers: 2,
  runtime: '<rootDir>/__tests__/support/jest-runtime.js',
  // the package's own name resolves to its public entry point, as it does for
  // an app that installs this package
  moduleNameMapper: { '^go-chat-ai-deploy$': '<rootDir>/src/index.ts' },
};
