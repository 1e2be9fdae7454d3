/** Runs a `DELETE ... LIMIT`-style statement until it deletes fewer rows than the batch; returns the total. */
export async function deleteInBatches(
  batchSize: number,
  run: (limit: number) => Promise<{ rowCount: number | null }>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await run(batchSize);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}
