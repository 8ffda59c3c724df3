module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // The tests' own assertion helpers (src/testing/expectArgoError.ts, expectRefusal) assert.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expectArgoError', 'expectRefusal'] },
    ],
  },
});
