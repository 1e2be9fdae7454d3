import { splitPackageUrl } from './splitPackageUrl';

describe('splitPackageUrl', () => {
  it('separates the version of a package URL', () => {
    expect(
      splitPackageUrl(' pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1 '),
    ).toEqual({
      package: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      version: '2.14.1',
    });
  });

  it('keeps an npm scope in the package and leaves the version out when none is given', () => {
    expect(splitPackageUrl('pkg:npm/%40babel/core')).toEqual({
      package: 'pkg:npm/%40babel/core',
      version: undefined,
    });
  });
});
