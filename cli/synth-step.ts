import { CommandContext } from './context';
import { CliError } from './errors';
import { EnvironmentManifests, synthesizeToFolder } from './manifests';
import { shownPath } from './shell';
import { Target } from './target';

/**
 * Synthesizes the target's folder and passes it through the validation gate:
 * the first steps of `deploy` and `diff`, before kubectl is run at all.
 */
export function synthesizeAndValidate(context: CommandContext, target: Target):
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
