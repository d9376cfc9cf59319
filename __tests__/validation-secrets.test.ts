import { checkManifests } from 'go-chat-ai-deploy';
import {
  FixtureObject, GoodApp, NAMESPACE, goodApp, objectsOf,
} from '../validation/good-app';

const C0 = 'spec.template.spec.containers[0]';

type Edit = (app: GoodApp) => FixtureObject[] | void;

function secretFindings(edit: Edit, environment?: string) {
  const app = goodApp();
  const extra = edit(app) ?? [];
  return checkManifests([...objectsOf(app), ...extra], { environment }).findings
    .filter((f) => f.rule.startsWith('secret-'));
}

function withVariable(name: string, value: string) {
  return (app: GoodApp) => {
    app.deployment.spec.template.spec.containers[0].env.push({ name, value });
  };
}

describe('validation | secrets', () => {
  test.each([
    'POSTGRES_PASSWORD', 'JWT_ACCESS_TOKEN_SECRET', 'OPENAI_API_KEY', 'REDIS_PASSWORD', 'api-key',
    'GITHUB_TOKEN', 'SECRET',
  ])('%s with a literal value is refused', (name) => {
    // GIVEN a variable named like a secret, set to a literal
    // WHEN staging output is checked
    const found = secretFindings(withVariable(name, 'hunter2'), 'staging');

    // THEN it is reported, with the Secret reference as the fix
    expect(found).toEqual([expect.objectContaining({
      rule: 'secret-literal', field: `${C0}.env[3].value`,
      fix: 'read it from a Secret: valueFrom.secretKeyRef with the Secret\'s name and key',
    })]);
  });

  test.each([
    'MIN_PASSWORD_LENGTH', 'TLS_KEY_FILE', 'OPENAI_MAX_TOKENS', 'KEYCLOAK_URL',
    'JWT_EXPIRATION_TIME', 'PASSWORD_RESET_ENABLED', 'MONKEY_MODE',
  ])('%s is about a secret, or no secret at all, and may be literal', (name) => {
    expect(secretFindings(withVariable(name, '12'), 'staging')).toEqual([]);
  });

  test('a secret-named variable read from a ConfigMap is as literal as a value', () => {
    // GIVEN DB_PASSWORD from a ConfigMap key instead of its Secret
    const found = secretFindings((app) => {
      app.config.data.DB_PASSWORD = 'hunter2';
      app.deployment.spec.template.spec.containers[0].env[1].valueFrom = {
        configMapKeyRef: { name: 'api-config', key: 'DB_PASSWORD' },
      };
    }, 'production');

    // THEN both the variable and the ConfigMap key it reaches the pod through are reported
    expect(found.map((f) => [f.object.kind, f.field])).toEqual([
      ['ConfigMap', 'data.DB_PASSWORD'],
      ['Deployment', `${C0}.env[1].valueFrom.configMapKeyRef`],
    ]);
  });

  test('a ConfigMap loaded with envFrom and a prefix is read with the prefix', () => {
    const found = secretFindings((app) => {
      app.config.data.SECRET = 's3cr3t';
      app.deployment.spec.template.spec.containers[0].envFrom[0].prefix = 'JWT_';
    }, 'staging');
    expect(found).toEqual([expect.objectContaining({
      object: { kind: 'ConfigMap', namespace: NAMESPACE, name: 'api-config' },
      field: 'data.SECRET',
      problem: 'JWT_SECRET is a literal, and Deployment "api" loads it as a variable with envFrom',
    })]);
  });

  test.each([
    ['staging', 2], ['production', 2], ['an unknown environment', 2], ['development', 0],
    ['testing', 0],
  ])('in %s, the secret rules find %d problems', (environment, count) => {
    // GIVEN a Secret with data and a literal token
    const edit = (app: GoodApp) => {
      withVariable('API_TOKEN', 'abc')(app);
      return [{ apiVersion: 'v1', kind: 'Secret',
        metadata: { name: 'api-db', namespace: NAMESPACE }, stringData: { password: 'x' } }];
    };

    // WHEN checked as that environment's output
    const found = secretFindings(edit, environment.startsWith('an ') ? undefined : environment);

    // THEN only development and testing may carry them
    expect(found).toHaveLength(count);
  });
});
