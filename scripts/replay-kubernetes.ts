/**
 * Serves recorded Kubernetes API responses (the kubernetes collector's fixtures) on a local
 * port and writes a kubeconfig pointing at it, for the collector's `--dry-run` on its fixtures:
 *
 *   yarn tsx scripts/replay-kubernetes.ts /tmp/replay.kubeconfig collectors/kubernetes/src/__fixtures__/kubernetes &
 *   echo '{ "kubeconfig": "/tmp/replay.kubeconfig", "environments": { "payments-prod": "production" } }' > /tmp/k8s.json
 *   yarn cockpit collect kubernetes --dry-run --config /tmp/k8s.json
 */
import { writeFileSync } from 'node:fs';
import { startKubernetesReplayServer } from '@cockpit/collector-kubernetes';

async function main() {
  const [kubeconfig, ...directories] = process.argv.slice(2);
  if (!kubeconfig || !directories.length) {
    throw new Error(
      'usage: replay-kubernetes.ts <kubeconfig to write> <recordings directory>...',
    );
  }
  const replay = await startKubernetesReplayServer({ directories });
  writeFileSync(kubeconfig, replay.kubeconfig);
  process.stderr.write(
    `replaying ${directories.join(', ')} at ${
      replay.url
    }; kubeconfig in ${kubeconfig} (Ctrl-C to stop)\n`,
  );
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
