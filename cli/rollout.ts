import { CliIo } from './io';
import { Kubectl, kubectlReason } from './kubectl';
import { KubeObject } from './manifests';
import { Target } from './target';

/** A workload that did not become ready, and kubectl's reason. */
export interface NotReady {
  /** `deployment/chat-service`. */
  readonly workload: string;
  readonly reason: string;
}

/**
 * Waits for each StatefulSet and Deployment to finish its rollout, one after
 * the other, each for at most `timeout`, streaming kubectl's progress. Every
 * workload is waited for even after one fails, so the report is complete.
 */
export async function waitForRollouts(
  kubectl: Kubectl,
  target: Target,
  objects: readonly KubeObject[],
  timeout: string,
  io: CliIo,
): Promise<NotReady[]> {
  const notReady: NotReady[] = [];
  for (const [i, object] of objects.entries()) {
    const workload = `${object.kind.toLowerCase()}/${object.metadata.name}`;
    if (!kubectl.options.dryRun) {
      io.err(`waiting for ${workload} (${i + 1} of ${objects.length}, at most ${timeout})\n`);
    }

    const result = await kubectl.run(kubectl.command(['-n', target.config.namespace,
      'rollout', 'status', workload, `--timeout=${timeout}`], { stream: true }));
    if (result.status !== 0) {
      notReady.push({ workload, reason: kubectlReason(result) });
    }
  }

  return notReady;
}
