import { mapConcurrently } from './concurrency';

describe('mapConcurrently', () => {
  it('returns the results in the order of the items', async () => {
    const delays = [30, 5, 15, 0];
    const results = await mapConcurrently(
      delays,
      { concurrency: 2 },
      async (ms, index) => {
        await new Promise(resolve => setTimeout(resolve, ms));
        return `${index}:${ms}`;
      },
    );
    expect(results).toEqual(['0:30', '1:5', '2:15', '3:0']);
  });

  it('never has more calls in flight than the concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    await mapConcurrently(
      Array.from({ length: 10 }, (_, i) => i),
      { concurrency: 3 },
      async () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise(resolve => setTimeout(resolve, 2));
        inFlight -= 1;
      },
    );
    expect(most).toBe(3);
  });

  it('rejects with the first failure and starts no further work', async () => {
    const started: number[] = [];
    const run = mapConcurrently(
      [0, 1, 2, 3, 4],
      { concurrency: 1 },
      async item => {
        started.push(item);
        if (item === 1) throw new Error('item 1 failed');
        return item;
      },
    );
    await expect(run).rejects.toThrow('item 1 failed');
    expect(started).toEqual([0, 1]);
  });

  it('answers an empty list for no items', async () => {
    expect(
      await mapConcurrently([], { concurrency: 4 }, async () => 1),
    ).toEqual([]);
  });
});
