import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync }
  from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { find, synthEnvironment } from '../support/manifests';

// Runs the shell scripts the manifests ship against a real PostgreSQL on
// loopback: the Debian server package, not the container image, so this
// proves the scripts and SQL, not the image's entrypoint.

const BIN = ['17', '16', '15'].map((v) => `/usr/lib/postgresql/${v}/bin`)
  .find((dir) => existsSync(join(dir, 'initdb')));
const objects = synthEnvironment('staging');
const scripts = {
  ...find(objects, 'ConfigMap', 'postgresql-scripts').data,
  ...find(objects, 'ConfigMap', 'postgresql-backup-scripts').data,
};
const SUPERUSER_PASSWORD = 'super secret';
const PORT = String(40000 + (process.pid % 20000));

// initdb refuses to run as root, so the server runs as the package's user
const runAs = userInfo().uid === 0 ? Number(spawnSync('id', ['-u', 'postgres'],
  { encoding: 'utf8' }).stdout.trim()) : undefined;
const work = mkdtempSync(join(tmpdir(), 'pg-'));
if (runAs !== undefined) {
  chownSync(work, runAs, runAs);
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd: work, encoding: 'utf8', uid: runAs, gid: runAs,
    env: { PATH: `${BIN}:/usr/bin:/bin`, HOME: work, PGHOST: '127.0.0.1', PGPORT: PORT,
      ...env },
  });
  return { ...result, output: `${result.stdout}${result.stderr}` };
}

function sql(query: string, user = 'postgres', password = SUPERUSER_PASSWORD, db = 'postgres') {
  const result = run('psql', ['-tAq', '-v', 'ON_ERROR_STOP=1', '-U', user, '-d', db, '-c', query],
    { PGPASSWORD: password });
  if (result.status !== 0) {
    throw new Error(`psql failed: ${result.output}`);
  }
  return result.stdout.trim();
}

const services = {
  SERVICE_DB_0_USERNAME: 'auth', SERVICE_DB_0_PASSWORD: "it's; a 'pass'",
  SERVICE_DB_1_USERNAME: 'chat', SERVICE_DB_1_PASSWORD: 'chat-password',
  SERVICE_DB_2_USERNAME: 'notification', SERVICE_DB_2_PASSWORD: 'notification-password',
};

beforeAll(() => {
  if (BIN === undefined) {
    throw new Error('no PostgreSQL server here; install it with apt-get install postgresql');
  }

  for (const [name, text] of Object.entries(scripts as Record<string, string>)) {
    writeFileSync(join(work, name), text);
    chmodSync(join(work, name), 0o644);
  }
  writeFileSync(join(work, 'pw'), SUPERUSER_PASSWORD);
  chmodSync(join(work, 'pw'), 0o644);
  const init = run('initdb', ['-D', 'data', '-U', 'postgres', '--pwfile=pw', '-A', 'scram-sha-256']);
  const start = run('pg_ctl', ['-D', 'data', '-l', 'server.log', '-w', 'start', '-o',
    `-p ${PORT} -k ${work} -c listen_addresses=127.0.0.1`]);
  if (init.status !== 0 || !start.output.includes('server started')) {
    throw new Error(`could not start PostgreSQL: ${init.output}${start.output}`);
  }
});

afterAll(() => {
  run('pg_ctl', ['-D', 'data', '-m', 'fast', 'stop']);
});

describe('PostgreSQL scripts |', () => {
  test('ensure-databases creates each service\'s role and database, owned by the role', () => {
    // WHEN the start hook's script runs on a fresh server
    const result = run('sh', ['ensure-databases.sh'],
      { POSTGRES_PASSWORD: SUPERUSER_PASSWORD, ...services });

    // THEN each service can log in to its own database, which it owns
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
    expect(sql('select current_user', 'auth', services.SERVICE_DB_0_PASSWORD, 'auth')).toBe('auth');
    expect(sql("select pg_get_userbyid(datdba) from pg_database where datname = 'chat'"))
      .toBe('chat');
  });

  test('one service cannot connect to another service\'s database', () => {
    expect(() => sql('select 1', 'chat', services.SERVICE_DB_1_PASSWORD, 'auth'))
      .toThrow(/permission denied for database "auth"/);
  });

  test('ensure-databases is safe to run again and follows a rotated password', () => {
    // GIVEN the databases exist; WHEN the script runs again with a new chat password
    const result = run('sh', ['ensure-databases.sh'], { POSTGRES_PASSWORD: SUPERUSER_PASSWORD,
      ...services, SERVICE_DB_1_PASSWORD: 'rotated' });

    // THEN it succeeds and the new password is the one that works
    expect(result.status).toBe(0);
    expect(sql('select 1', 'chat', 'rotated', 'chat')).toBe('1');
    expect(() => sql('select 1', 'chat', 'chat-password', 'chat')).toThrow(/authentication failed/);
  });

  test('backup dumps every database, keeps the newest, and restore brings data back', () => {
    // GIVEN data in the auth database, owned by auth
    sql('create table users (name text); insert into users values (\'ada\')', 'auth',
      services.SERVICE_DB_0_PASSWORD, 'auth');
    const backupDir = join(work, 'backups');
    const env = { PGUSER: 'postgres', PGPASSWORD: SUPERUSER_PASSWORD, BACKUP_DIR: backupDir,
      DATABASES: 'auth chat', KEEP: '2' };

    // WHEN three backups run, a second apart
    for (let i = 0; i < 3; i++) {
      const backup = run('sh', ['backup.sh'], env);
      expect(backup.status).toBe(0);
      spawnSync('sleep', ['1.1']);
    }

    // THEN two custom-format dumps per database remain, and last-success is the newest
    const dumps = readdirSync(join(backupDir, 'auth')).sort();
    expect(dumps).toHaveLength(2);
    expect(readdirSync(join(backupDir, 'chat'))).toHaveLength(2);
    expect(readFileSync(join(backupDir, 'auth', dumps[1])).subarray(0, 5).toString()).toBe('PGDMP');
    expect(readFileSync(join(backupDir, 'last-success'), 'utf8').trim())
      .toBe(dumps[1].replace(/^auth-|\.dump$/g, ''));

    // WHEN the data is lost and the newest dump is restored
    sql('drop table users', 'auth', services.SERVICE_DB_0_PASSWORD, 'auth');
    const restore = run('sh', ['restore.sh'], { ...env, DATABASE: 'auth', DUMP: dumps[1] });

    // THEN the rows are back and still belong to the service's role
    expect(restore.output).toContain('restored auth from');
    expect(sql('select name from users', 'auth', services.SERVICE_DB_0_PASSWORD, 'auth'))
      .toBe('ada');
    expect(sql("select tableowner from pg_tables where tablename = 'users'", 'postgres',
      SUPERUSER_PASSWORD, 'auth')).toBe('auth');
  });

  test('restore of a dump that is not there fails and lists the ones that are', () => {
    const result = run('sh', ['restore.sh'], { PGUSER: 'postgres', PGPASSWORD: SUPERUSER_PASSWORD,
      BACKUP_DIR: join(work, 'backups'), DATABASE: 'auth', DUMP: 'auth-20990101T000000Z.dump' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/no dump .*auth-20990101T000000Z.dump; the dumps of auth are:\nauth-/);
  });
});
