const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['**/__tests__/integration/**/*.test.ts'],
  testTimeout: 60000,
};
