import { cachedComparator } from './order';
import { evaluateRange } from './range';
import { semverOrder } from './semver';

describe('evaluateRange', () => {
  const semver = cachedComparator(semverOrder);

  it('reopens at a later introduced event and names the fix of the interval the version is in', () => {
    const events = [
      { introduced: '0' },
      { fixed: '1.2.0' },
      { introduced: '2.0.0' },
      { fixed: '2.1.0' },
    ];

    expect(evaluateRange('1.1.0', events, semver)).toEqual({
      affected: true,
      fixedIn: '1.2.0',
    });
    expect(evaluateRange('1.5.0', events, semver)).toEqual({ affected: false });
    expect(evaluateRange('2.0.5', events, semver)).toEqual({
      affected: true,
      fixedIn: '2.1.0',
    });
    expect(evaluateRange('2.1.0', events, semver)).toEqual({ affected: false });
  });

  it('reads events in version order whatever order the advisory lists them in', () => {
    const events = [
      { fixed: '2.1.0' },
      { introduced: '2.0.0' },
      { fixed: '1.2.0' },
      { introduced: '0' },
    ];

    expect(evaluateRange('1.0.0', events, semver)).toEqual({
      affected: true,
      fixedIn: '1.2.0',
    });
    expect(evaluateRange('2.0.0', events, semver)).toEqual({
      affected: true,
      fixedIn: '2.1.0',
    });
  });

  it('treats last_affected as inclusive and names no fix for it', () => {
    const events = [{ introduced: '1.0.0' }, { last_affected: '1.4.0' }];

    expect(evaluateRange('0.9.0', events, semver)).toEqual({ affected: false });
    expect(evaluateRange('1.4.0', events, semver)).toEqual({ affected: true });
    expect(evaluateRange('1.4.1', events, semver)).toEqual({ affected: false });
  });

  it('leaves a range without a closing event open to every later version', () => {
    expect(evaluateRange('99.0.0', [{ introduced: '3.0.0' }], semver)).toEqual({
      affected: true,
    });
  });

  it('affects only versions below a limit when the range states one', () => {
    const events = [{ introduced: '0' }, { limit: '2.0.0' }];

    expect(evaluateRange('1.9.9', events, semver)).toEqual({ affected: true });
    expect(evaluateRange('2.0.0', events, semver)).toEqual({ affected: false });
    expect(
      evaluateRange('5.0.0', [{ introduced: '0' }, { limit: '*' }], semver),
    ).toEqual({ affected: true });
  });

  it('counts a pre-release of the fixed version as affected', () => {
    expect(
      evaluateRange(
        '1.2.0-rc.1',
        [{ introduced: '0' }, { fixed: '1.2.0' }],
        semver,
      ).affected,
    ).toBe(true);
  });
});
