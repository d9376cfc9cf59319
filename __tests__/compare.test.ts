import { environmentConfig } from '../environments';
import { compareEnvironments, formatComparison } from '../environments/compare';

const diff = (a: string, b: string) => compareEnvironments(environmentConfig(a),
  environmentConfig(b));
const row = (rows: ReturnType<typeof diff>, setting: string) =>
  rows.find((r) => r.setting === setting);

describe('comparing environments |', () => {
  test('staging to production shows replicas, resources, hosts and toggles', () => {
    const rows = diff('staging', 'production');
    expect(row(rows, 'auth.autoscaling.minReplicas')).toEqual(
      { setting: 'auth.autoscaling.minReplicas', left: '2', right: '3' });
    expect(row(rows, 'chat.resources.memoryLimit')).toMatchObject({ left: '512Mi', right: '1Gi' });
    expect(row(rows, 'hosts.auth')).toMatchObject(
      { left: 'auth-staging.example.com', right: 'auth.example.com' });
    expect(row(rows, 'auth.spreadAcrossTopology')).toMatchObject({ left: 'false', right: 'true' });
    expect(row(rows, 'postgresql.external.host'))
      .toMatchObject({ left: '(not set)', right: 'postgres.internal.example.com' });
  });

  test('shows nothing that is the same on both sides', () => {
    const rows = diff('staging', 'production');
    for (const same of ['auth.image.tag', 'auth.ports.grpc', 'monitoring.enabled',
      'auth.settings.rateLimit.requests', 'redis.image.tag']) {
      expect(row(rows, same)).toBeUndefined();
    }
  });

  test('what a switched-off block would set shows as off, not as a difference of values', () => {
    const rows = diff('testing', 'staging');
    expect(row(rows, 'monitoring.enabled')).toMatchObject({ left: 'false', right: 'true' });
    expect(row(rows, 'monitoring.scrapeInterval')).toMatchObject({ left: '(off)', right: '30s' });
    expect(row(rows, 'auth.replicas')).toMatchObject({ left: '1', right: '(autoscaled)' });
  });

  test('an environment compared with itself does not differ', () => {
    expect(formatComparison('staging', 'staging', diff('staging', 'staging')))
      .toBe('staging and staging do not differ');
  });

  test('the table is headed by the two names, one setting a line', () => {
    const table = formatComparison('development', 'testing', diff('development', 'testing'));
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^SETTING\s+development\s+testing$/);
    expect(lines).toContainEqual(expect.stringMatching(/^namespace\s+go-chat-ai-dev\s+go-chat-ai-testing$/));
  });
});
