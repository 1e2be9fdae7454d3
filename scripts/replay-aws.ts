/**
 * Serves recorded AWS API responses (the collectors' `__fixtures__` recordings) over the AWS
 * JSON protocol, for the `--dry-run` of an AWS collector on its fixtures:
 *
 *   yarn tsx scripts/replay-aws.ts collectors/aws-ecs/src/__fixtures__/ecs.json 4599 &
 *   AWS_ACCESS_KEY_ID=replay AWS_SECRET_ACCESS_KEY=replay \
 *     yarn cockpit collect aws-ecs --dry-run --config <(echo '{ "region": "eu-west-1", "endpoint": "http://127.0.0.1:4599" }')
 */
import {
  loadAwsRecordings,
  startAwsJsonReplayServer,
} from '@cockpit/collector-sdk';

async function main() {
  const [file, port] = process.argv.slice(2);
  if (!file) throw new Error('usage: replay-aws.ts <recordings.json> [port]');
  const { url } = await startAwsJsonReplayServer({
    recordings: loadAwsRecordings(file),
    port: port ? Number(port) : undefined,
  });
  process.stderr.write(`replaying ${file} at ${url} (Ctrl-C to stop)\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
