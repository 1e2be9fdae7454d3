/*
 * Prints, for one sample of each benchmarked calculation, every query it runs with its
 * execution and planning time, estimated cost and JIT time: how the bench's direct-SQL
 * figures break down. Run after `yarn bench:api` loaded the fleet:
 *   yarn tsx plugins/cockpit-backend/bench/explain.ts [postgresql://.../cockpit_bench] [days ago]
 * With a number of days, the calculations are run as of that many days ago. With
 * COCKPIT_EXPLAIN_SLOW_MS, a query slower than that is printed whole with its plan (ANALYZE,
 * BUFFERS). COCKPIT_EXPLAIN_PACKAGE: the package dependency-usage asks for (default: a sampled
 * library).
 */
import type { Calculation } from '@cockpit/plugin-cockpit-node';
import { createKnex } from '@cockpit/store';
import { builtInCalculations } from '../src/calculations';
import { KnexCockpitStore } from '../src/database/KnexCockpitStore';

async function main() {
  const url =
    process.argv[2] ?? 'postgresql://postgres@127.0.0.1:5432/cockpit_bench';
  const slowMs = Number(process.env.COCKPIT_EXPLAIN_SLOW_MS ?? Infinity);
  const daysAgo = process.argv[3] ? Number(process.argv[3]) : undefined;
  const knex = createKnex({ url, pool: { min: 0, max: 1 } });
  const now = KnexCockpitStore.create({ knex });
  const store =
    daysAgo === undefined
      ? now
      : now.asOf(new Date(Date.now() - daysAgo * 24 * 3600e3));
  const captured: { sql: string; bindings: unknown[] }[] = [];
  knex.on('query', (query: { sql: string; bindings: unknown[] }) =>
    captured.push(query),
  );
  const sample = async (sql: string) =>
    (await knex.raw(sql)).rows[0].name as string;
  const service = await sample(
    `SELECT name FROM resources WHERE type = 'Service' ORDER BY md5(name) LIMIT 1`,
  );
  const deployment = await sample(
    `SELECT name FROM resources WHERE type = 'ServiceDeployment' ORDER BY md5(name) LIMIT 1`,
  );
  const pkg =
    process.env.COCKPIT_EXPLAIN_PACKAGE ??
    (await sample(
      `SELECT name FROM resources WHERE type = 'SoftwareDependency' ORDER BY md5(name) LIMIT 1`,
    ));
  const params: Record<string, Record<string, string>> = {
    'service-overview': { service },
    'service-events': { service },
    'deployment-vulnerabilities': { deployment },
    'dependency-usage': { package: pkg },
  };
  for (const calculation of builtInCalculations as Calculation[]) {
    if (!params[calculation.name]) continue;
    captured.length = 0;
    await calculation.run({
      store,
      unsafeKnex: () => now.unsafeKnex(),
      params: calculation.params.parse(params[calculation.name]),
    });
    for (const query of [...captured]) {
      const connection = await (knex.client as any).acquireConnection();
      try {
        const result = await connection.query(
          `EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`,
          query.bindings,
        );
        const plan = result.rows[0]['QUERY PLAN'][0];
        process.stdout.write(
          `${calculation.name}: execution ${plan['Execution Time'].toFixed(
            2,
          )} ms, planning ${plan['Planning Time'].toFixed(2)} ms, ` +
            `cost ${plan.Plan['Total Cost'].toFixed(0)}, JIT ${
              plan.JIT ? 'yes' : 'no'
            }: ${query.sql.replace(/\s+/g, ' ').slice(0, 80)}\n`,
        );
        if (plan['Execution Time'] > slowMs) {
          const text = await connection.query(
            `EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`,
            query.bindings,
          );
          process.stdout.write(
            `${query.sql}\n${JSON.stringify(query.bindings).slice(
              0,
              300,
            )}\n${text.rows
              .map((row: Record<string, string>) => row['QUERY PLAN'])
              .join('\n')}\n\n`,
          );
        }
      } finally {
        await (knex.client as any).releaseConnection(connection);
      }
    }
  }
  await knex.destroy();
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
