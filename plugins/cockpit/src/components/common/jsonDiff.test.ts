import { diffValues, shortValue, summarizeChange } from './jsonDiff';

describe('summarizeChange', () => {
  it('gives one line per top-level field that changed, with its before and after', () => {
    expect(
      summarizeChange(
        { version: '1.76.98', image: 'a', replicas: 3 },
        { version: '1.77.5', image: 'a', replicas: 3 },
      ),
    ).toEqual(['version: 1.76.98 → 1.77.5']);
  });

  it('marks added and removed fields, and a change inside a nested value', () => {
    expect(
      summarizeChange(
        { team: 'payments', region: 'eu', contacts: ['a@x'] },
        { team: 'payments', contacts: ['b@x'], channel: '#pay' },
      ).sort(),
    ).toEqual(['+channel: #pay', '-region', 'contacts: changed inside']);
  });

  it('says created for a value that had none before and deleted for one that has none after', () => {
    expect(summarizeChange(null, { status: 'UP' })).toEqual([
      'created: {"status":"UP"}',
    ]);
    expect(summarizeChange({ status: 'UP' }, null)).toEqual(['deleted']);
  });

  it('shows a scalar or a whole list in one line', () => {
    expect(summarizeChange('UP', 'DOWN')).toEqual(['UP → DOWN']);
    expect(summarizeChange([1, 2], [1, 2, 3])).toEqual([
      'list changed: 2 → 3 items',
    ]);
  });
});

describe('diffValues', () => {
  it('matches list items by id, so a new item is one addition and not a shift of all', () => {
    const before = [{ id: 'GHSA-1' }, { id: 'GHSA-2' }];
    const after = [{ id: 'GHSA-0' }, ...before];
    expect(diffValues(before, after)).toEqual({
      _t: 'a',
      0: [{ id: 'GHSA-0' }],
    });
  });

  it('finds no difference between equal values', () => {
    expect(diffValues({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(
      undefined,
    );
  });
});

describe('shortValue', () => {
  it('cuts long values and names a missing one', () => {
    expect(shortValue('x'.repeat(100))).toHaveLength(60);
    expect(shortValue(undefined)).toBe('none');
  });
});
