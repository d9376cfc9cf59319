import { changing, runOps } from './fixtures/ops';
import { synthEnvironment } from './support/manifests';

// what the platform files hold, from the synth itself rather than by hand
const countOf = (name: string) => {
  const objects = synthEnvironment(name);
  const platform = objects.filter((o) => !['Namespace', 'PersistentVolumeClaim'].includes(o.kind));
  return { all: objects.length, platform: platform.length };
};

const CONTEXT = '--context go-chat-ai-staging';
const PLATFORM = `${CONTEXT} delete --ignore-not-found --wait=true -f dist/staging/1-platform.yaml`;
const PARENT = `${CONTEXT} -n go-chat-ai-staging delete configmaps/go-chat-ai-applyset `
  + '--ignore-not-found';

describe('destroy |', () => {
  test('asks for the environment\'s name, then deletes the platform file and the ApplySet parent',
    async () => {
      // GIVEN a user at a terminal who types the name
      const run = await runOps(['destroy', 'staging'], { answers: ['staging'] });

      // THEN it said what goes and what stays, and deleted only the platform
      expect(run.status).toBe(0);
      expect(run.err).toContain('This deletes from context go-chat-ai-staging, namespace '
        + `go-chat-ai-staging:\n  the ${countOf('staging').platform} objects of `
        + 'dist/staging/1-platform.yaml\nIt keeps the '
        + 'namespace, its Secrets and the volumes data-postgresql-0, data-redis-0, '
        + 'postgresql-backups.');
      expect(run.err).toContain("Type the environment's name (staging) to go on: ");
      expect(changing(run)).toEqual([PLATFORM, PARENT]);
    });

  test('another answer cancels, and nothing is deleted', async () => {
    // GIVEN a user who types another name
    // WHEN staging is destroyed
    const run = await runOps(['destroy', 'staging'], { answers: ['production'] });

    // THEN it is cancelled and nothing is deleted
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain('error: cancelled: the answer was "production", not "staging" '
      + '(nothing was changed)');
  });

  test('without a terminal it needs --yes', async () => {
    // GIVEN no terminal to ask on, and no --yes
    // WHEN staging is destroyed
    const run = await runOps(['destroy', 'staging']);

    // THEN it refuses and deletes nothing
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain('error: there is no terminal to confirm on; run it in a terminal, '
      + 'or add --yes');
  });

  test('deletes the volumes named, and only those', async () => {
    // WHEN staging is destroyed with two of its three volumes named
    const run = await runOps(['destroy', 'staging', '--yes', '--delete-volume',
      'data-postgresql-0', '--delete-volume', 'postgresql-backups']);

    // THEN those two are deleted after the platform, and the third is kept
    expect(run.status).toBe(0);
    expect(changing(run)).toEqual([PLATFORM, PARENT, `${CONTEXT} -n go-chat-ai-staging delete `
      + 'persistentvolumeclaim/data-postgresql-0 persistentvolumeclaim/postgresql-backups '
      + '--ignore-not-found --wait=true']);
    expect(run.err).toContain('kept data-redis-0');
  });

  test('refuses a volume the environment does not have, before any call', async () => {
    // WHEN a misspelt volume is named
    const run = await runOps(['destroy', 'staging', '--yes', '--delete-volume', 'data-postgres-0']);

    // THEN it refuses before running kubectl
    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('error: data-postgres-0 is not a volume of staging; its volumes are '
      + 'data-postgresql-0, data-redis-0, postgresql-backups');
  });

  test('the namespace goes only when every volume in it is named too', async () => {
    // GIVEN a namespace that also holds a claim the old chart left
    const claims = { match: '* get persistentvolumeclaims *', stdout: 'persistentvolumeclaim/'
      + 'data-postgresql-0\npersistentvolumeclaim/postgresql-backups\n'
      + 'persistentvolumeclaim/data-go-chat-ai-redis-0\n' };

    // WHEN it is asked to go with two of them named
    const run = await runOps(['destroy', 'staging', '--yes', '--delete-namespace',
      '--delete-volume', 'data-postgresql-0', '--delete-volume', 'postgresql-backups'],
    { rules: [claims] });

    // THEN it refuses, naming the one left out
    expect(run.status).toBe(1);
    expect(changing(run)).toEqual([]);
    expect(run.err).toContain('error: deleting namespace go-chat-ai-staging would delete the '
      + 'volumes data-go-chat-ai-redis-0 with it; name each with --delete-volume');
  });

  test('with every volume named, the namespace is deleted last', async () => {
    // GIVEN a namespace whose only claim is named
    // WHEN staging is destroyed with its namespace
    const run = await runOps(['destroy', 'staging', '--yes', '--delete-namespace',
      '--delete-volume', 'data-postgresql-0'], { rules: [{ match: '* get persistentvolumeclaims *',
      stdout: 'persistentvolumeclaim/data-postgresql-0\n' }] });

    // THEN the namespace is the last thing deleted
    expect(run.status).toBe(0);
    expect(changing(run).slice(-1)).toEqual([`${CONTEXT} delete namespace/go-chat-ai-staging `
      + '--ignore-not-found --wait=true']);
  });

  test('a failed delete is reported, and destroy can simply be run again', async () => {
    // GIVEN an API server that forbids the delete
    // WHEN staging is destroyed
    const run = await runOps(['destroy', 'staging', '--yes'], { rules: [{ match: '* delete *',
      status: 1, stderr: 'Error from server (Forbidden): deployments.apps "auth-service" is '
        + 'forbidden\n' }] });

    // THEN the error gives kubectl's reason and says to run it again
    expect(run.status).toBe(1);
    expect(run.err).toContain('error: kubectl delete failed (Error from server (Forbidden): '
      + 'deployments.apps "auth-service" is forbidden); fix the cause and run destroy again');
  });
});
