import { CliError } from './errors';
import { CliIo } from './io';

/**
 * Asks the user to type the environment's name before something is deleted.
 * Without a terminal there is nobody to ask: the command then needs `--yes`.
 */
export async function confirmByName(io: CliIo, name: string, summary: string,
  yes: boolean): Promise<void> {
  if (yes) {
    return;
  }

  if (!io.interactive) {
    throw new CliError('there is no terminal to confirm on; run it in a terminal, or add '
      + '--yes once you have read what it deletes (try --dry-run)');
  }

  io.err(summary);
  const answer = (await io.ask(`Type the environment's name (${name}) to go on: `)).trim();
  if (answer !== name) {
    throw new CliError(`cancelled: the answer was ${JSON.stringify(answer)}, not "${name}"`);
  }
}
