module.exports = require('@backstage/cli/config/eslint-factory')(__dirname, {
  rules: {
    // the collector test kit's expectResource/expectReading are assertions
    'jest/expect-expect': [
      'warn',
      {
        assertFunctionNames: ['expect', '*.expectResource', '*.expectReading'],
      },
    ],
  },
});
