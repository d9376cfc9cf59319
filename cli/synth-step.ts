import { CommandContext } from './context';
import { requiredCrds } from './crds';
import { CliError } from './errors';
import { Kubectl } from './kubectl';
import { EnvironmentManifests, synthesizeToFolder } from './manifests';
import { checkCluster, checkCrds } from './preflight';
import { shownPath } from './shell';
import { Target } from './target';

// the target's folder synthesized and passed through the validation gate,
// before kubectl is run at all
function synthesizeAndValidate(context: CommandContext, target: Target):
  EnvironmentManifests {
  const manifests = synthesizeToFolder(target.config, context.outdir);
  const folder = shownPath(target.folder, context.io.cwd);
  const objects = manifests.namespaceObjects.length + manifests.platformObjects.length;
  context.io.err(`${target.config.name}: ${objects} objects written to ${folder}/\n`);

  const report = context.validate(target.folder);
  if (report.problems.length > 0) {
    throw new CliError(`${folder}/ is not valid, so it was not sent to the cluster:\n  - `
      + `${report.problems.join('\n  - ')}\nfix the constructs or the environment and run it `
      + 'again (npm run ops -- validate checks without a cluster)');
  }

  return manifests;
}

/**
 * The steps `deploy` and `diff` share: the folder synthesized and validated,
 * then the cluster checked to answer and to have every CRD its objects need.
 * `environment` names the configuration file the CRDs' error points at.
 */
export async function synthesizeForCluster(context: CommandContext, target: Target,
  kubectl: Kubectl, environment: string): Promise<EnvironmentManifests> {
  const manifests = synthesizeAndValidate(context, target);
  await checkCluster(kubectl, target, context.io);
  await checkCrds(kubectl, requiredCrds([...manifests.namespaceObjects,
    ...manifests.platformObjects], `environments/${environment}.ts`));
  return manifests;
}
