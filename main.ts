import { resolve } from 'node:path';
import { ENVIRONMENTS, environmentConfig } from './environments';
import { ConfigurationError } from './environments/validate';
import { PlatformConfig } from './src/platform-config';
import { displayPath, synthesizeEnvironments } from './src/synthesize';
import { watchAndSynthesize } from './src/watch';

const USAGE = 'usage: npm run synth -- [environment...] [--copy <name>] [--watch]';

// cdk8s-cli's `cdk8s synth` tells the app where to write through CDK8S_OUTDIR;
// otherwise dist/ of the project, wherever the command is run from
const outdir = process.env.CDK8S_OUTDIR || resolve(__dirname, '..', 'dist');

const args = process.argv.slice(2);
if (args.includes('--watch')) {
  // every change is synthesized by a fresh process, with the other arguments
  const watching = watchAndSynthesize({
    root: resolve(__dirname, '..'),
    args: args.filter((a) => a !== '--watch'),
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => watching.close());
  }
} else {
  synthesize(args);
}

function synthesize(synthArgs: readonly string[]): void {
  try {
    const { names, copy } = parseArguments(synthArgs);
    const result = synthesizeEnvironments(resolveAll(names, copy), outdir);
    for (const s of result.environments) {
      // suppressions are counted here and listed by `npm run validate`
      const suppressed = s.validation.suppressed.length;
      const counted = suppressed > 0 ? ` (${suppressed} suppressed, see npm run validate)` : '';
      console.log(`${s.environment}: ${s.objects} objects written to ${displayPath(s.folder)}/,`
        + ` validation gate passed${counted}`);
    }
    for (const warning of result.warnings) {
      console.error(`warning: ${warning}`);
    }
  } catch (error) {
    console.error(`synth failed, ${displayPath(outdir)}/ left as it was: `
      + (error instanceof Error ? error.message : String(error)));
    process.exitCode = 1;
  }
}

function parseArguments(args: readonly string[]): { names: string[]; copy?: string } {
  const names: string[] = [];
  let copy: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--copy') {
      copy = args[++i];
      if (copy === undefined) {
        throw new Error(`--copy needs a name, e.g. --copy pr-123\n${USAGE}`);
      }
    } else if (args[i].startsWith('-')) {
      throw new Error(`unknown option ${args[i]}\n${USAGE}`);
    } else {
      names.push(args[i]);
    }
  }

  return { names: names.length > 0 ? names : Object.keys(ENVIRONMENTS), copy };
}

// every environment is checked before any is written, and all problems are
// reported together
function resolveAll(names: readonly string[], copy?: string): PlatformConfig[] {
  const problems: string[] = [];
  const configs: PlatformConfig[] = [];
  for (const name of names) {
    try {
      configs.push(environmentConfig(name, copy));
    } catch (error) {
      if (!(error instanceof ConfigurationError)) {
        throw error;
      }
      problems.push(...error.problems);
    }
  }

  if (problems.length > 0) {
    throw new ConfigurationError(problems);
  }
  return configs;
}
