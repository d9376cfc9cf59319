import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { find, synthEnvironment } from '../support/manifests';

// Starts Debian's redis-server with the exact command line of the Redis
// StatefulSet (only the port and data directory point at a scratch place) and
// runs the pod's probe against it.

const container = find(synthEnvironment('staging'), 'StatefulSet', 'redis')
  .spec.template.spec.containers[0];
const PORT = String(30000 + (process.pid % 10000));
const PASSWORD = 'redis pass; with spaces';
const data = mkdtempSync(join(tmpdir(), 'redis-'));
let server: ChildProcess;

function cli(args: string[], env: Record<string, string> = {}) {
  return spawnSync('redis-cli', ['-p', PORT, ...args],
    { encoding: 'utf8', env: { PATH: '/usr/bin:/bin', ...env } });
}

beforeAll(async () => {
  const script: string = container.args[0]
    .replace('--port 6379', `--port ${PORT} --bind 127.0.0.1`)
    .replace('--dir /data', `--dir ${data}`);
  server = spawn(container.command[0], [container.command[1], script],
    { env: { PATH: '/usr/bin:/bin', REDIS_PASSWORD: PASSWORD }, stdio: 'ignore' });

  for (let i = 0; i < 50 && cli(['ping']).stdout.trim() === ''; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});

afterAll(() => {
  server.kill('SIGTERM');
});

describe('Redis command |', () => {
  test('refuses clients without the password', () => {
    expect(cli(['ping']).stdout).toMatch(/NOAUTH/);
  });

  test('the pod\'s probe passes with the password from the environment', () => {
    const probe: string = container.readinessProbe.exec.command[2].replace('-p 6379', `-p ${PORT}`);
    const result = spawnSync('sh', ['-c', probe],
      { env: { PATH: '/usr/bin:/bin', REDISCLI_AUTH: PASSWORD } });
    expect(result.status).toBe(0);
    const wrong = spawnSync('sh', ['-c', probe], { env: { PATH: '/usr/bin:/bin',
      REDISCLI_AUTH: 'wrong' } });
    expect(wrong.status).not.toBe(0);
  });

  test('persists to an append-only file with the configured memory policy', () => {
    const auth = { REDISCLI_AUTH: PASSWORD };
    expect(cli(['config', 'get', 'maxmemory-policy'], auth).stdout).toContain('volatile-lru');
    expect(cli(['config', 'get', 'maxmemory'], auth).stdout).toContain(String(200 * 1024 * 1024));
    expect(cli(['config', 'get', 'appendonly'], auth).stdout).toContain('yes');
    expect(cli(['set', 'session:1', 'x', 'EX', '60'], auth).stdout.trim()).toBe('OK');
    expect(readdirSync(data).join(' ')).toMatch(/appendonly/);
  });
});
