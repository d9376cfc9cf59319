import { CliError } from './errors';
import { CliIo } from './io';
import { RequiredCrd } from './crds';
import { Kubectl, kubectlReason } from './kubectl';
import { MINIMUM_KUBECTL, MinorVersion, atLeast, formatVersion, parseVersion }
  from './kubectl-version';
import { Target } from './target';

// long enough for a cluster across a VPN, short enough to fail before anyone wonders
const REQUEST_TIMEOUT = '10s';

/** Refuses a kubectl that is missing or older than the commands need. */
export async function checkKubectlClient(kubectl: Kubectl):
  Promise<MinorVersion | undefined> {
  const result = await kubectl.run({ args: ['version', '--client', '-o', 'json'] });
  if (result.printed) {
    return undefined;
  }

  const version = result.status === 0 ? parseVersion(parseJson(result.stdout)?.clientVersion)
    : undefined;
  if (version === undefined) {
    throw new CliError(`kubectl did not report its version (${kubectlReason(result)}); `
      + `install kubectl ${formatVersion(MINIMUM_KUBECTL)} or later `
      + '(https://kubernetes.io/docs/tasks/tools/)');
  }

  if (!atLeast(version, MINIMUM_KUBECTL)) {
    throw new CliError(`kubectl ${formatVersion(version)} is too old: server-side apply `
      + `with ApplySet pruning needs ${formatVersion(MINIMUM_KUBECTL)} or later; install a `
      + 'newer kubectl (https://kubernetes.io/docs/tasks/tools/)');
  }
  return version;
}

/** Refuses a context the kubeconfig does not have. */
export async function checkContextExists(kubectl: Kubectl, target: Target): Promise<void> {
  const result = await kubectl.run({ args: ['config', 'get-contexts', '-o', 'name'] });
  if (result.printed) {
    return;
  }

  const contexts = result.stdout.split('\n').map((line) => line.trim()).filter((l) => l);
  if (result.status !== 0 || !contexts.includes(target.context)) {
    const known = contexts.length > 0 ? `it has ${contexts.join(', ')}` : 'it has none';
    throw new CliError(`context "${target.context}" is not in your kubeconfig (${known}); `
      + 'add it, or rename the one that reaches this cluster: kubectl config '
      + `rename-context <yours> ${target.context}`);
  }
}

/** Refuses a cluster that does not answer; warns of a kubectl too far from it. */
export async function checkReachable(
  kubectl: Kubectl,
  target: Target,
  client: MinorVersion | undefined,
  io: CliIo,
): Promise<void> {
  const result = await kubectl.run(kubectl.command(['version', '-o', 'json',
    `--request-timeout=${REQUEST_TIMEOUT}`]));
  if (result.printed) {
    return;
  }

  const server = parseVersion(parseJson(result.stdout)?.serverVersion);
  if (result.status !== 0 || server === undefined) {
    throw new CliError(`cannot reach the cluster of context "${target.context}" `
      + `(${kubectlReason(result)}); check that it is running and that you can reach it `
      + '(network, VPN, credentials), then try again');
  }

  if (client && (client.major !== server.major || Math.abs(client.minor - server.minor) > 1)) {
    io.err(`warning: kubectl ${formatVersion(client)} is more than one minor version from the `
      + `cluster's ${formatVersion(server)}, which kubectl does not support; use a kubectl `
      + 'within one minor version of the cluster\n');
  }
}

/** Refuses a cluster without the CRDs the manifests need, naming each and its fix. */
export async function checkCrds(kubectl: Kubectl, crds: readonly RequiredCrd[]):
  Promise<void> {
  if (crds.length === 0) {
    return;
  }

  const result = await kubectl.run(kubectl.command(['get',
    'customresourcedefinitions.apiextensions.k8s.io', ...crds.map((crd) => crd.name),
    '-o', 'name', '--ignore-not-found']));
  if (result.printed) {
    return;
  }

  if (result.status !== 0) {
    throw new CliError(`could not check the cluster's CRDs (${kubectlReason(result)}); `
      + 'ask for read access to customresourcedefinitions, then try again');
  }

  const found = new Set(result.stdout.split('\n').map((line) => line.trim().split('/').pop()));
  const missing = crds.filter((crd) => !found.has(crd.name));
  if (missing.length > 0) {
    throw new CliError(missing.map((crd) => `the cluster has no CRD ${crd.name}, which `
      + `${crd.neededBy} needs; ${crd.install}`).join('\nerror: '));
  }
}

/** Whether the environment's namespace exists; true in a dry run. */
export async function namespaceExists(kubectl: Kubectl, target: Target): Promise<boolean> {
  const result = await kubectl.run(kubectl.command(['get', 'namespace',
    target.config.namespace, '-o', 'name', '--ignore-not-found']));
  if (result.status !== 0) {
    throw new CliError(`could not look up namespace ${target.config.namespace} `
      + `(${kubectlReason(result)}); check your access to the cluster, then try again`);
  }
  return result.printed || result.stdout.trim() !== '';
}

/**
 * The checks before any command that talks to a cluster, cheapest first:
 * kubectl itself, the context in the kubeconfig, then the cluster answering.
 */
export async function checkCluster(kubectl: Kubectl, target: Target, io: CliIo):
  Promise<void> {
  const client = await checkKubectlClient(kubectl);
  await checkContextExists(kubectl, target);
  await checkReachable(kubectl, target, client, io);
}

function parseJson(text: string): Record<string, { major?: string; minor?: string;
  gitVersion?: string }> | undefined {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
