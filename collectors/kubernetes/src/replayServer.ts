import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';

interface KubeList {
  kind: string;
  apiVersion: string;
  metadata: { resourceVersion?: string; continue?: string };
  items: {
    metadata?: { namespace?: string; labels?: Record<string, string> };
  }[];
}

function status(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

/** Whether labels satisfy a label selector of equality and existence terms (`a`, `!a`, `a=b`, `a!=b`). */
export function matchesLabelSelector(
  labels: Record<string, string>,
  selector: string,
): boolean {
  return selector
    .split(',')
    .map(term => term.trim())
    .filter(Boolean)
    .every(term => {
      const unequal = term.split('!=');
      if (unequal.length === 2)
        return labels[unequal[0].trim()] !== unequal[1].trim();
      const equal = term.split(/==?/);
      if (equal.length === 2)
        return labels[equal[0].trim()] === equal[1].trim();
      if (term.startsWith('!')) return !(term.slice(1) in labels);
      return term in labels;
    });
}

const answer = (code: number, body: unknown) => ({ code, body });

/** The API server's answer to a list request, from the recordings. */
function replayAnswer(
  url: URL,
  directories: string[],
): { code: number; body: unknown } {
  const namespaced = url.pathname.match(
    /^(\/apis?\/.+?)\/namespaces\/([^/]+)\/([^/]+)$/,
  );
  const path = namespaced ? `${namespaced[1]}/${namespaced[3]}` : url.pathname;
  const directory = directories.find(d => existsSync(join(d, `${path}.json`)));
  if (!directory)
    return answer(
      404,
      status(
        404,
        'NotFound',
        'the server could not find the requested resource',
      ),
    );
  const recorded = JSON.parse(
    readFileSync(join(directory, `${path}.json`), 'utf8'),
  ) as KubeList | KubeList[];
  const pages = Array.isArray(recorded) ? recorded : [recorded];
  let page: KubeList;
  if (namespaced) {
    page = {
      ...pages[0],
      metadata: { resourceVersion: pages[0].metadata.resourceVersion },
      items: pages.flatMap(p => p.items),
    };
    page.items = page.items.filter(
      item => item.metadata?.namespace === namespaced[2],
    );
  } else {
    const token = url.searchParams.get('continue');
    const index = token
      ? pages.findIndex(p => p.metadata.continue === token) + 1
      : 0;
    if (token && index === 0)
      return answer(
        410,
        status(410, 'Expired', 'The provided continue parameter is too old'),
      );
    page = pages[index];
  }
  const selector = url.searchParams.get('labelSelector');
  if (selector)
    page = {
      ...page,
      items: page.items.filter(i =>
        matchesLabelSelector(i.metadata?.labels ?? {}, selector),
      ),
    };
  return answer(200, page);
}

/** A kubeconfig (JSON, which kubeconfig loaders read as YAML) pointing at a server. */
function replayKubeconfig(url: string): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'replay-cluster',
        cluster: { server: url, 'insecure-skip-tls-verify': true },
      },
    ],
    users: [{ name: 'replay', user: { token: 'replay' } }],
    contexts: [
      {
        name: 'replay',
        context: { cluster: 'replay-cluster', user: 'replay' },
      },
    ],
    'current-context': 'replay',
  });
}

/**
 * A local Kubernetes API server that replays recorded list responses, for tests and for the
 * collector's `--dry-run` on its fixtures. A recording is `<directory>/<API path>.json` (e.g.
 * `api/v1/pods.json`): one List, or an array of pages chained by `metadata.continue`. The
 * namespaced path of a kind (`/api/v1/namespaces/x/pods`) answers from the cluster-wide
 * recording filtered to the namespace; `labelSelector` is applied like the API server does. The
 * first directory that holds a path wins, so a later state overlays an earlier one.
 */
export async function startKubernetesReplayServer(options: {
  directories: string[];
  port?: number;
}) {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const reply = replayAnswer(
      new URL(req.url ?? '/', 'http://replay'),
      options.directories,
    );
    res.setHeader('content-type', 'application/json');
    res.statusCode = reply.code;
    res.end(JSON.stringify(reply.body));
  });
  await new Promise<void>(resolve =>
    server.listen(options.port ?? 0, '127.0.0.1', resolve),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Every request's path and query, in order. */
    requests,
    /** A kubeconfig pointing at this server. */
    kubeconfig: replayKubeconfig(url),
    close: () =>
      new Promise<void>((resolve, reject) =>
        server.close(e => (e ? reject(e) : resolve())),
      ),
  };
}
