import { AliasGroups } from './aliases';

describe('AliasGroups', () => {
  it('links ids transitively and prefers CVE, then GHSA, then the smallest id', () => {
    const groups = new AliasGroups();
    groups.add('PYSEC-1', ['GHSA-b']);
    groups.add('GHSA-a', ['GHSA-b']);
    groups.add('OSV-1', []);

    expect(groups.group('PYSEC-1')).toEqual(['GHSA-a', 'GHSA-b', 'PYSEC-1']);
    groups.add('RUSTSEC-1', ['CVE-9', 'PYSEC-1']);
    expect(groups.canonicalId('GHSA-b')).toBe('CVE-9');
    expect(groups.group('OSV-1')).toEqual(['OSV-1']);
    expect(groups.group('never-seen')).toEqual(['never-seen']);
  });
});
