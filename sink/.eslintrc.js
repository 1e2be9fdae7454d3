module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // CDK tests assert through aws-cdk-lib/assertions' Template methods.
    'jest/expect-expect': [
      'warn',
      { assertFunctionNames: ['expect', 'template.*'] },
    ],
  },
});
