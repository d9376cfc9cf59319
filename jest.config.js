/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // the integration tests start real servers: `npm run test:integration`
  testPathIgnorePatterns: ['/node_modules/', '/__tests__/integration/'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  // jest's default on two cores is one worker, which leaves one core idle
  maxWorkers: 2,
  // jest's runtime, with modules compiled through V8's script cache (see there)
  runtime: '<rootDir>/__tests__/support/jest-runtime.js',
  // beside the other caches, so that removing .build/ forgets them all
  cacheDirectory: '<rootDir>/.build/jest',
  // the package's own name resolves to its public entry point, as it does for
  // an app that installs this package
  moduleNameMapper: { '^go-chat-ai-deploy$': '<rootDir>/src/index.ts' },
};
