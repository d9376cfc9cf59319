import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commandContext } from '../cli/context';
import { CliIo } from '../cli/io';
import { runCli } from '../cli/program';
import { commandLine } from '../cli/shell';
import { runOps } from './fixtures/ops';
import { synthEnvironment } from './support/manifests';

// what the platform files hold, from the synth itself rather than by hand
const countOf = (name: string) => {
  const objects = synthEnvironment(name);
  const platform = objects.filter((o) => !['Namespace', 'PersistentVolumeClaim'].includes(o.kind));
  return { all: objects.length, platform: platform.length };
};

const NS = '--context go-chat-ai-staging -n go-chat-ai-staging';

describe('reading commands |', () => {
  test('status lists pods, services, ingresses and HPAs of the namespace', async () => {
    const run = await runOps(['status', 'staging'], { rules: [{ match: '* get pods,*',
      stdout: 'NAME                READY   STATUS\npod/postgresql-0   1/1     Running\n' }] });

    expect(run.status).toBe(0);
    expect(run.commands.slice(3)).toEqual([`${NS} get `
      + 'pods,services,ingresses,horizontalpodautoscalers -o wide']);
    expect(run.out).toContain('pod/postgresql-0   1/1     Running');
  });

  test('logs follows every pod of a workload, the options passed through', async () => {
    const run = await runOps(['logs', 'staging', 'postgresql-backup', '-f', '--tail', '50',
      '--previous']);

    expect(run.status).toBe(0);
    expect(run.commands.slice(3)).toEqual([`${NS} logs -l app.kubernetes.io/name=`
      + 'postgresql-backup,app.kubernetes.io/instance=go-chat-ai-staging --all-containers '
      + '--prefix --max-log-requests=20 --tail=50 --follow --previous']);
  });

  test('logs of a workload the environment lacks names the ones it has', async () => {
    const run = await runOps(['logs', 'production', 'postgresql']);

    expect(run.status).toBe(2);
    expect(run.calls).toEqual([]);
    expect(run.err).toContain('error: production has no workload "postgresql"; choose one of: '
      + 'redis, auth-service, chat-service');
  });

  test('port-forward takes the http port by default, or the one named', async () => {
    const http = await runOps(['port-forward', 'staging', 'chat-service']);
    const grpc = await runOps(['port-forward', 'staging', 'chat-service', '--port', 'grpc',
      '--local-port', '18082']);
    const redis = await runOps(['port-forward', 'staging', 'redis']);

    expect([http, grpc, redis].map((run) => run.commands.slice(3))).toEqual([
      [`${NS} port-forward service/chat-service 8083:8083`],
      [`${NS} port-forward service/chat-service 18082:8082`],
      [`${NS} port-forward service/redis 6379:6379`],
    ]);
  });

  test('port-forward refuses a port the Service does not have', async () => {
    const run = await runOps(['port-forward', 'staging', 'auth-service', '--port', 'metrics']);

    expect(run.status).toBe(2);
    expect(run.err).toContain('error: auth-service has no port metrics; choose one with --port: '
      + 'grpc (8081), http (8080)');
  });
});

describe('help |', () => {
  test.each(['synth', 'validate', 'diff', 'deploy', 'status', 'logs', 'port-forward', 'destroy',
    'clean', 'migrate-helm', 'migrate-helm plan', 'migrate-helm adopt', 'migrate-helm retire',
    'migrate-helm upload-dump'])('%s --help prints its usage and exits 0', async (verb) => {
    const run = await runOps([...verb.split(' '), '--help']);

    expect(run.status).toBe(0);
    expect(run.calls).toEqual([]);
    expect(run.out).toMatch(new RegExp(`^Usage: ops ${verb} `));
  });

  test('an unknown option is a usage mistake', async () => {
    const run = await runOps(['deploy', 'staging', '--prune-everything']);

    expect(run.status).toBe(2);
    expect(run.err).toContain("error: unknown option '--prune-everything'");
  });
});

describe('synth, validate and clean |', () => {
  test('synth writes the environments named, validate checks them', async () => {
    const run = await runOps(['validate', 'staging', 'production']);

    expect(run.status).toBe(0);
    for (const name of ['staging', 'production']) {
      expect(run.err).toContain(`${name}: ${countOf(name).all} objects in dist/${name}/, all valid`);
    }
  });

  test('a problem the gate finds fails validate and is never deployed', async () => {
    // GIVEN a gate that finds a problem
    const io = quietIo(tmpdir(), mkdtempSync(join(tmpdir(), 'ops-gate-')));
    const context = commandContext(io, { validate: () => ({ checked: 1,
      problems: ['Deployment/go-chat-ai-staging/auth-service: /spec/replicas must be >= 0'] }) });

    // WHEN staging is deployed
    const status = await runCli(['deploy', 'staging'], context);

    // THEN nothing ran, and the problem is named
    expect(status).toBe(1);
    expect(io.text()).toContain('- Deployment/go-chat-ai-staging/auth-service: /spec/replicas '
      + 'must be >= 0');
    rmSync(context.outdir, { recursive: true, force: true });
  });

  test('clean removes dist/, .build/ and lib/ and nothing else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ops-clean-'));
    for (const folder of ['dist/staging', '.build', 'lib', 'cli']) {
      mkdirSync(join(root, folder), { recursive: true });
    }
    writeFileSync(join(root, 'cli', 'ops.ts'), '');
    const io = quietIo(root);

    const status = await runCli(['clean'], commandContext(io, { root,
      outdir: join(root, 'dist') }));

    expect(status).toBe(0);
    expect(readdirSync(root).sort()).toEqual(['cli']);
    expect(existsSync(join(root, 'cli', 'ops.ts'))).toBe(true);
    rmSync(root, { recursive: true, force: true });
  });
});

test('a printed command quotes what a shell would split or expand', () => {
  expect(commandLine(['kubectl', 'patch', 'service/redis', '-p',
    '[{"op":"replace","path":"/spec/selector","value":{"app":"it\'s"}}]'],
  { KUBECTL_APPLYSET: 'true' })).toBe('KUBECTL_APPLYSET=true kubectl patch service/redis -p '
    + '\'[{"op":"replace","path":"/spec/selector","value":{"app":"it\'\\\'\'s"}}]\'');
});

function quietIo(cwd: string, outdir?: string): CliIo & { text(): string } {
  let text = '';
  return {
    env: { PATH: '/nonexistent', ...(outdir ? { CDK8S_OUTDIR: outdir } : {}) },
    cwd,
    interactive: false,
    out: (t) => { text += t; },
    err: (t) => { text += t; },
    ask: async () => '',
    text: () => text,
  };
}
