import {
  Duration,
  RemovalPolicy,
  Stack,
  aws_ec2 as ec2,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_secretsmanager as secretsmanager,
} from 'aws-cdk-lib';
import { CockpitSinkStackProps } from './sinkStackProps';

/** The sink Lambda, reading the database secret. */
export function createSinkFunction(
  stack: Stack,
  props: CockpitSinkStackProps,
  timeout: Duration,
  reservedConcurrency: number | undefined,
): lambda.Function {
  const secret = secretsmanager.Secret.fromSecretCompleteArn(
    stack,
    'DatabaseSecret',
    props.databaseSecretArn,
  );

  const sinkFunction = new lambda.Function(stack, 'SinkFunction', {
    description:
      'Cockpit sink: stores publish batches from SNS/SQS in PostgreSQL',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    code: props.code,
    handler: 'index.handler',
    memorySize: props.memorySize ?? 512,
    timeout,
    reservedConcurrentExecutions: reservedConcurrency,
    ...network(stack, props),
    logGroup: new logs.LogGroup(stack, 'SinkLogs', {
      retention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    }),
    environment: sinkEnvironment(props),
  });
  secret.grantRead(sinkFunction);

  return sinkFunction;
}

/** Where the database is and how the Node.js runtime is tuned for the sink. */
function sinkEnvironment(props: CockpitSinkStackProps): Record<string, string> {
  return {
    COCKPIT_DATABASE_SECRET_ARN: props.databaseSecretArn,
    ...(props.database && {
      COCKPIT_DATABASE_HOST: props.database.host,
      COCKPIT_DATABASE_PORT: String(props.database.port ?? 5432),
      COCKPIT_DATABASE_NAME: props.database.name ?? 'postgres',
    }),
    COCKPIT_DATABASE_POOL_MAX: String(props.databasePoolMax ?? 2),
    // Node.js 22 on Lambda does not load the RDS certificate authorities by default.
    NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem',
    // A larger young generation: parsing an event allocates megabytes of short-lived
    // objects, and V8's default made the garbage collector a third of the CPU time
    // (docs/sink.md, Speed).
    // Source maps: stack traces name sink/src files (the bundle carries index.js.map).
    NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64',
    POWERTOOLS_SERVICE_NAME: 'cockpit-sink',
    POWERTOOLS_LOG_LEVEL: 'INFO',
  };
}

/** The VPC, private subnets and security groups of a sink next to a private database. */
function network(
  stack: Stack,
  props: CockpitSinkStackProps,
): Partial<lambda.FunctionProps> {
  if (!props.vpcId) return {};
  return {
    vpc: ec2.Vpc.fromLookup(stack, 'Vpc', { vpcId: props.vpcId }),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    securityGroups: (props.securityGroupIds ?? []).map((sgId, i) =>
      ec2.SecurityGroup.fromSecurityGroupId(stack, `SecurityGroup${i}`, sgId),
    ),
  };
}
