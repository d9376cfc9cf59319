import { join } from 'node:path';
import { environmentConfig } from '../environments';
import { PlatformConfig } from '../src/platform-config';
import { CliError } from './errors';

/** The options every command on one environment takes. */
export interface TargetOptions {
  /** A short-lived copy of the environment (`--copy pr-123`). */
  readonly copy?: string;

  /** A kubeconfig context other than the one the environment names. */
  readonly context?: string;

  /** Let a guarded command use `context` although the environment names another. */
  readonly allowContext?: boolean;
}

/** One environment, where it is written and which cluster it goes to. */
export interface Target {
  /** The resolved configuration; for a copy, the copy's. */
  readonly config: PlatformConfig;

  /** The environment's name as the user typed it, e.g. `testing` for a copy of testing. */
  readonly environment: string;

  /** How commands name it, for the hints in messages: `staging`, `testing --copy pr-7`. */
  readonly shown: string;

  /** The context every kubectl command is given. */
  readonly context: string;

  /** The folder the synth writes the environment's manifests to. */
  readonly folder: string;
}

/** How the context rule applies to one command. */
export interface TargetRules {
  /** Folder that holds one folder per environment, usually `dist/`. */
  readonly outdir: string;

  /**
   * The verb of a command that changes a cluster or compares against one
   * (`deploy`, `diff`, `destroy`); such a command refuses a context other
   * than the environment's unless `--allow-context` is given.
   */
  readonly guardedVerb?: string;
}

/**
 * Resolves the environment and decides the context. The context is the one
 * the environment names, unless `--context` names another; a guarded command
 * then also needs `--allow-context`, so the wrong cluster is never reached by
 * accident, not even by a context switched in another terminal.
 */
export function resolveTarget(
  environment: string,
  options: TargetOptions,
  rules: TargetRules,
): Target {
  const config = environmentConfig(environment, options.copy);
  const named = config.cluster.context;
  if (options.allowContext && options.context === undefined) {
    throw new CliError('--allow-context goes with --context <name>; name the context you mean '
      + `instead of ${environment}'s own "${named}"`, 2);
  }

  const context = options.context ?? named;
  if (rules.guardedVerb !== undefined && context !== named && !options.allowContext) {
    throw new CliError(`${environment} belongs to context "${named}" (cluster.context in `
      + `environments/${environment}.ts), not "${context}"; to ${rules.guardedVerb} against `
      + `"${context}" anyway, add --allow-context`);
  }

  const shown = options.copy === undefined ? environment : `${environment} --copy ${options.copy}`;
  return { config, environment, shown, context, folder: join(rules.outdir, config.name) };
}
