import { readingValueSchemas } from './readingTypes';

const schema = readingValueSchemas.vulnerabilities;

describe('the vulnerabilities value', () => {
  it('accepts the items of before: id, severity, summary and fixedIn only', () => {
    const value = {
      items: [
        {
          id: 'GHSA-jfh8-c2jp-5v3q',
          severity: 'CRITICAL',
          summary: 'Log4Shell',
          fixedIn: ['2.15.0'],
        },
      ],
    };

    expect(schema.parse(value)).toEqual(value);
  });

  it('keeps the aliases, the CVSS score and vector, where the severity came from and a link', () => {
    const item = {
      id: 'CVE-2021-44228',
      severity: 'CRITICAL',
      summary: 'Log4Shell',
      aliases: ['GHSA-jfh8-c2jp-5v3q'],
      score: 10,
      cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H',
      severitySource: 'DATABASE',
      url: 'https://osv.dev/vulnerability/GHSA-jfh8-c2jp-5v3q',
    };

    expect(schema.parse({ items: [item] }).items[0]).toEqual(item);
  });

  it.each([
    ['a score above 10', { score: 10.5 }, 'score'],
    ['a score that is not a number', { score: 'high' }, 'score'],
    [
      'an unknown severity source',
      { severitySource: 'VENDOR' },
      'severitySource',
    ],
    ['an empty alias', { aliases: [''] }, 'aliases'],
  ])('refuses %s', (_case, extra, field) => {
    const result = schema.safeParse({
      items: [{ id: 'CVE-1', severity: 'LOW', summary: '', ...extra }],
    });

    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toContain(field);
  });
});
