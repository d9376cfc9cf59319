import { Command } from 'commander';
import { CommandContext } from './context';
import { Kubectl } from './kubectl';
import { Target, TargetOptions, resolveTarget } from './target';

/** The options of every command on one environment, as commander parses them. */
export interface EnvironmentFlags extends TargetOptions {
  readonly dryRun?: boolean;
}

/**
 * Adds the options every command on one environment shares. A guarded
 * command (one that changes a cluster or compares against it) also takes
 * `--allow-context`, without which it refuses any context but the
 * environment's own.
 */
export function environmentOptions(command: Command, guarded: boolean): Command {
  command
    .option('--copy <name>', 'a short-lived copy of the environment (testing), e.g. pr-123')
    .option('--context <name>', 'use this kubeconfig context instead of the one the '
      + 'environment names (cluster.context)');
  if (guarded) {
    command.option('--allow-context', 'let --context name a context other than the '
      + "environment's own");
  }
  return command.option('--dry-run', 'print the kubectl commands, one a line, and run none');
}

/** How the context rule applies to a guarded command. */
export interface Guard {
  /** The verb for the refusal, e.g. `deploy`. */
  readonly verb: string;

  /** Whether the command changes the cluster, rather than only comparing with it. */
  readonly changes: boolean;
}

/** Resolves the target and a kubectl for it, and records both for error reports. */
export function openTarget(
  context: CommandContext,
  environment: string,
  flags: EnvironmentFlags,
  guard?: Guard,
): { target: Target; kubectl: Kubectl } {
  context.session.changesCluster = guard?.changes === true;
  const target = resolveTarget(environment, flags, { outdir: context.outdir,
    guardedVerb: guard?.verb });
  const kubectl = new Kubectl(context.io, { dryRun: flags.dryRun === true,
    context: target.context });
  context.session.kubectl = kubectl;
  return { target, kubectl };
}
