import { Command, CommanderError } from 'commander';
import { registerClean } from './commands/clean';
import { registerDeploy } from './commands/deploy';
import { registerDestroy } from './commands/destroy';
import { registerDiff } from './commands/diff';
import { registerLogs } from './commands/logs';
import { registerMigrateHelm } from './commands/migrate-helm';
import { registerPortForward } from './commands/port-forward';
import { registerStatus } from './commands/status';
import { registerSynth } from './commands/synth';
import { registerValidate } from './commands/validate';
import { CommandContext } from './context';
import { CliError, messageOf } from './errors';

const SAFETY = `
Every command that talks to a cluster passes --context <the environment's
cluster.context> to kubectl; kubectl's current context never decides. deploy,
diff, destroy and migrate-helm's adopt, upload-dump and retire refuse another
context unless --context and --allow-context are both given. --dry-run prints
the kubectl commands and runs none.`;

/** The `ops` command and its verbs, writing to the context's streams. */
export function buildProgram(context: CommandContext): Command {
  const program = new Command('ops')
    .description('operate the go-chat-ai environments with kubectl')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.out(text),
      writeErr: (text) => context.io.err(text),
    })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', SAFETY);

  registerSynth(program.command('synth'), context);
  registerValidate(program.command('validate'), context);
  registerDiff(program.command('diff'), context);
  registerDeploy(program.command('deploy'), context);
  registerStatus(program.command('status'), context);
  registerLogs(program.command('logs'), context);
  registerPortForward(program.command('port-forward'), context);
  registerDestroy(program.command('destroy'), context);
  registerClean(program.command('clean'), context);
  registerMigrateHelm(program.command('migrate-helm'), context);
  return program;
}

/**
 * Runs one command line and returns its exit status: 0 when it did what was
 * asked, 1 when it failed or refused, 2 for a usage mistake. An error is one
 * line; a command that changes a cluster says so when it changed nothing.
 */
export async function runCli(args: readonly string[], context: CommandContext):
  Promise<number> {
  try {
    await buildProgram(context).parseAsync([...args], { from: 'user' });
    return context.session.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has printed the message or the help already
      return error.exitCode === 0 ? 0 : 2;
    }

    const { session } = context;
    const unchanged = session.changesCluster && session.kubectl && !session.kubectl.mutated
      && !session.kubectl.options.dryRun ? ' (nothing was changed)' : '';
    context.io.err(`error: ${messageOf(error)}${unchanged}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  }
}
