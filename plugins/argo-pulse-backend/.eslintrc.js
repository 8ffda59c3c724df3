module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  testRules: {
    // A test may assert through a helper named for it (expectNotFound, expectTaskRefused).
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'expect*'] },
    ],
  },
  overrides: [
    {
      // Helpers of this package's tests, imported by tests alone (never exported):
      // like the tests, they use the test-only packages of devDependencies; some
      // declare tests, with the titles the tests give them.
      files: ['src/testing/**'],
      rules: {
        '@backstage/no-undeclared-imports': 'off',
        'jest/valid-title': 'off',
        'jest/no-export': 'off',
      },
    },
  ],
});
