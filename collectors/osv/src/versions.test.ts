import { cvss3BaseScore, severityOfScore } from './cvss';
import { compareMavenVersions, compareSemverVersions, evaluateRange } from './versions';

describe('compareMavenVersions', () => {
  it.each([
    ['2.9.10.8', '2.12.6.1'],
    ['2.0-beta9', '2.0'],
    ['2.0-alpha1', '2.0-beta1'],
    ['2.0-rc1', '2.0'],
    ['1.0-SNAPSHOT', '1.0'],
    ['4.1.68.Final', '4.1.100.Final'],
    ['1.0', '1.0-sp1'],
    ['1.33', '2.0'],
  ])('orders %s before %s', (lower, higher) => {
    expect(compareMavenVersions(lower, higher)).toBeLessThan(0);
    expect(compareMavenVersions(higher, lower)).toBeGreaterThan(0);
  });

  it('treats trailing zeros and release qualifiers as equal', () => {
    expect(compareMavenVersions('1.0.0', '1')).toBe(0);
    expect(compareMavenVersions('4.1.100.Final', '4.1.100')).toBe(0);
  });
});

describe('compareSemverVersions', () => {
  it('orders pre-releases before the release and ignores a v prefix', () => {
    expect(compareSemverVersions('5.0.0-beta.1', '5.0.0')).toBeLessThan(0);
    expect(compareSemverVersions('v1.9.0', '1.9.1')).toBeLessThan(0);
  });
});

describe('evaluateRange', () => {
  it('reopens at a later introduced event', () => {
    const events = [{ introduced: '0' }, { fixed: '1.2.0' }, { introduced: '2.0.0' }, { fixed: '2.1.0' }];

    expect(evaluateRange('1.1.0', events, compareSemverVersions)).toEqual({ affected: true, fixedIn: '1.2.0' });
    expect(evaluateRange('1.5.0', events, compareSemverVersions)).toEqual({ affected: false });
    expect(evaluateRange('2.0.5', events, compareSemverVersions)).toEqual({ affected: true, fixedIn: '2.1.0' });
  });
});

describe('cvss3BaseScore', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10, 'CRITICAL'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'HIGH'],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2, 'HIGH'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'MEDIUM'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N', 4.3, 'MEDIUM'],
  ])('scores %s as %d', (vector, score, severity) => {
    expect(cvss3BaseScore(vector)).toBe(score);
    expect(severityOfScore(score)).toBe(severity);
  });

  it('does not score a CVSS v4 vector', () => {
    expect(cvss3BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBeUndefined();
  });
});
