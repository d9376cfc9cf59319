import { App, Chart } from 'cdk8s';
import { Postgresql } from './constructs/postgresql';
import { PostgresqlRestoreJob } from './constructs/postgresql-backup';
import { PlatformChart } from './platform-chart';
import { PlatformConfig } from './platform-config';

/**
 * The YAML of a Job that restores `database` of an environment from `dump`,
 * one of the files on its backup volume. Nothing is applied: the caller pipes
 * it to `kubectl apply -f -`.
 */
export function restoreJobYaml(config: PlatformConfig, database: string, dump: string): string {
  const platform = new PlatformChart(new App(), 'go-chat-ai', { config });
  const server = platform.infra.postgresql;
  if (!(server instanceof Postgresql) || platform.infra.backup === undefined) {
    throw new Error(`environment "${config.name}" has no in-cluster PostgreSQL with backups; `
      + 'restore a managed server with its provider\'s tools');
  }

  const app = new App();
  const chart = new Chart(app, 'restore', { disableResourceNameHashes: true });
  new PostgresqlRestoreJob(chart, 'Restore', { server, database, dump });
  return app.synthYaml();
}
