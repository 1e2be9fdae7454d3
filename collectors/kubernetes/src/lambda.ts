import { createCollectorLambdaHandler } from '@cockpit/collector-sdk';
import { kubernetesCollector } from './kubernetes';

/**
 * Lambda entry point (`kubernetesCollector.schedule`), for a cluster whose API the function can
 * reach with the kubeconfig named in its configuration. In the cluster itself, a CronJob running
 * `yarn cockpit collect kubernetes --once` with a service account is the simpler home.
 */
export const handler = createCollectorLambdaHandler({ collector: kubernetesCollector });
