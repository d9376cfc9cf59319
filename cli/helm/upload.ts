import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { FIELD_MANAGER } from '../apply';
import { CliError } from '../errors';
import { CliIo } from '../io';
import { Kubectl } from '../kubectl';
import { Target } from '../target';
import { DumpUpload, LOADER_NAME } from './dump-loader';

/** Refuses a dump file that is not there, before anything reaches the cluster. */
export function requireDumpFile(io: CliIo, file: string): void {
  if (!statSync(resolve(io.cwd, file), { throwIfNoEntry: false })?.isFile()) {
    throw new CliError(`${file} is not a file; give the path of the dump (pg_dump --format=custom)`,
      2);
  }
}

/**
 * Copies a dump onto the backup volume through a short-lived pod, then
 * removes the pod, so that `npm run restore` finds it where the backups are.
 */
export async function uploadDump(kubectl: Kubectl, target: Target, upload: DumpUpload,
  file: string, io: CliIo): Promise<void> {
  const namespace = target.config.namespace;
  const extra = { mutates: true, stream: true };
  const commands = [
    kubectl.command(['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '-f', '-'], {
      ...extra, stdin: { text: stringify(upload.pod), describe: `Pod ${LOADER_NAME}, mounting `
        + 'the backup volume as the backup job does' },
    }),
    kubectl.command(['-n', namespace, 'wait', '--for=condition=Ready', `pod/${LOADER_NAME}`,
      '--timeout=2m'], extra),
    kubectl.command(['-n', namespace, 'cp', file, `${LOADER_NAME}:${upload.destination}`], extra),
    kubectl.command(['-n', namespace, 'delete', `pod/${LOADER_NAME}`, '--wait=true'], extra),
  ];

  await kubectl.runEach(commands, `check the pod with kubectl --context ${target.context} `
    + `-n ${namespace} describe pod/${LOADER_NAME}, delete it, and run upload-dump again`);
  if (!kubectl.options.dryRun) {
    const dump = upload.destination.split('/').pop();
    io.err(`copied to ${upload.destination}; restore it with: npm run --silent restore -- `
      + `${target.config.name} ${upload.database} ${dump} | kubectl --context ${target.context} `
      + 'apply -f -\n');
  }
}
