import { cvssBaseScore, severityOfScore } from './cvss';

describe('cvssBaseScore', () => {
  it.each([
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', '2.0', 7.5],
    ['(AV:N/AC:L/Au:N/C:C/I:C/A:C)', '2.0', 10],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:U/C:N/I:L/A:N', '3.0', 4.3],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', '3.1', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', '3.1', 7.2],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', '3.1', 6.1],
    [
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
      '4.0',
      9.3,
    ],
    [
      'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N',
      '4.0',
      5.3,
    ],
  ])('scores %s as CVSS %s base score %d', (vector, version, score) => {
    expect(cvssBaseScore(vector)).toEqual(
      expect.objectContaining({ version, score }),
    );
  });

  it.each([['CVSS:3.1/AV:N'], ['not a vector'], ['']])(
    'gives no score for %j',
    vector => {
      expect(cvssBaseScore(vector)).toBeUndefined();
    },
  );
});

describe('severityOfScore', () => {
  it.each([
    [9.0, '3.1', 'CRITICAL'],
    [8.9, '4.0', 'HIGH'],
    [4.0, '3.0', 'MEDIUM'],
    [0.1, '3.1', 'LOW'],
    [0, '3.1', 'UNKNOWN'],
    [10, '2.0', 'HIGH'],
    [3.9, '2.0', 'LOW'],
  ])('rates %d in CVSS %s as %s', (score, version, severity) => {
    expect(severityOfScore(score, version)).toBe(severity);
  });
});
