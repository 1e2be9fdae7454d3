import { splitPurl } from './imagePackages';

describe('splitPurl', () => {
  it('splits a scanner package URL into the URL without version, qualifiers and the version', () => {
    expect(
      splitPurl(
        'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
      ),
    ).toEqual({
      package: 'pkg:deb/debian/openssl',
      version: '3.0.11-1~deb12u2',
    });
    expect(splitPurl('pkg:npm/%40babel/core@7.24.0')).toEqual({
      package: 'pkg:npm/%40babel/core',
      version: '7.24.0',
    });
  });

  it('gives the same answer however often it is asked, and nothing for what is no package URL', () => {
    const purl = 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1';
    const first = splitPurl(purl);
    expect(splitPurl(purl)).toEqual(first);
    expect(Object.isFrozen(splitPurl(purl))).toBe(true);
    for (const notOne of ['openssl', 'pkg:', undefined, '']) {
      expect(splitPurl(notOne)).toBeUndefined();
      expect(splitPurl(notOne)).toBeUndefined();
    }
  });

  it('keeps answering right past the number of URLs it remembers', () => {
    for (let i = 0; i < 20_050; i++)
      expect(splitPurl(`pkg:npm/p${i}@1.0.${i}`)?.version).toBe(`1.0.${i}`);
    expect(splitPurl('pkg:npm/p7@1.0.7')).toEqual({
      package: 'pkg:npm/p7',
      version: '1.0.7',
    });
  });
});
