import { Duration, StackProps, aws_lambda as lambda } from 'aws-cdk-lib';

/** Settings of the Cockpit sink stack. */
export interface CockpitSinkStackProps extends StackProps {
  /** The bundled Lambda code (see `bundleSinkLambda`): a folder with `index.js`. */
  code: lambda.Code;
  /**
   * ARN of the Secrets Manager secret holding the database credentials: `{ "url": ... }` or
   * the JSON RDS writes (`username`, `password`, `host`, `port`, `dbname`; a master password
   * RDS manages holds only the first two: give the rest below).
   */
  databaseSecretArn: string;
  /** The database's host, port and name, for a secret that does not hold them. */
  database?: { host: string; port?: number; name?: string };
  /**
   * Id of the VPC to run in when the database is private (looked up at synth time: the stack
   * needs an explicit account and region); the function uses its private subnets with egress
   * (for SQS and Secrets Manager, through a NAT or VPC endpoints).
   */
  vpcId?: string;
  /** Security groups of the function in the VPC: one the database accepts connections from. */
  securityGroupIds?: string[];
  /**
   * Upper bound of concurrent sink invocations fed by the queue (2-1000, default 5). Each
   * holds at most `databasePoolMax` connections: keep the product under the database's budget.
   */
  maxConcurrency?: number;
  /** Connections per execution environment (default 2). */
  databasePoolMax?: number;
  /** Also subscribe the Lambda to the topic directly (default false: SNS -> SQS -> Lambda only). */
  directSnsSubscription?: boolean;
  /**
   * Reserved concurrency of the function: a cap on every invocation, the queue's, direct SNS
   * deliveries and replays alike (throttled asynchronous deliveries are retried by Lambda).
   * Default: none on the queue-only path, whose event source caps it at `maxConcurrency`;
   * twice `maxConcurrency` with `directSnsSubscription`. At least `maxConcurrency`.
   */
  reservedConcurrency?: number;
  /** Deliveries before a message goes to the dead-letter queue (default 5). */
  maxReceiveCount?: number;
  /** Where alarms notify; an email address subscribes to a new alarm topic. */
  alarmEmail?: string;
  /** Function timeout (default 60 s); the queue's visibility timeout is six times this. */
  timeout?: Duration;
  /** Lambda memory (default 512 MB: more memory is more CPU for JSON parsing). */
  memorySize?: number;
}

/**
 * The sink's reserved concurrency: as given, or twice `maxConcurrency` with a direct SNS
 * subscription (the queue's pollers and direct deliveries share it).
 * @throws Error when it is below `maxConcurrency`
 */
export function checkedReservedConcurrency(
  props: CockpitSinkStackProps,
  maxConcurrency: number,
): number | undefined {
  const reservedConcurrency =
    props.reservedConcurrency ??
    (props.directSnsSubscription ? 2 * maxConcurrency : undefined);
  if (
    reservedConcurrency !== undefined &&
    !(
      Number.isInteger(reservedConcurrency) &&
      reservedConcurrency >= maxConcurrency
    )
  ) {
    // Below it, Lambda throttles the queue's pollers and messages go to the dead-letter
    // queue for no fault of theirs.
    throw new Error(
      `reservedConcurrency (${reservedConcurrency}) must be a whole number of at least maxConcurrency (${maxConcurrency})`,
    );
  }
  return reservedConcurrency;
}
