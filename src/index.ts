export * from './constructs/auth-service';
export * from './constructs/cache';
export * from './constructs/chat-service';
export {
  DatabaseConnection, ExternalPostgres, ExternalPostgresProps, IPostgres, ServiceDatabase,
} from './constructs/database';
export * from './constructs/network-policies';
export * from './constructs/notification-service';
export * from './constructs/platform-service';
export * from './constructs/postgresql';
export * from './constructs/postgresql-backup';
export * from './constructs/monitoring';
export * from './constructs/redis';
export * from './constructs/shared-infra';
export { StorageOptions } from './constructs/stateful-store';
export { ImageReference } from './image';
export { PART_OF } from './labels';
export * from './platform-chart';
export * from './platform-config';
export { ComputeResources } from './resources';
export { SecretKeyReference } from './secret-reference';
export {
  AppEnvironment, CommonServiceSettings, DatabasePoolSettings, DatabaseSslMode, LogLevel,
  RateLimitSettings, SecurityHeaderSettings, SensitiveLoggingSettings, ServiceTlsSettings,
  TlsVersion,
} from './service-settings';
export * from './validation';
export { ServiceBaseProps } from './constructs/service-base-props';
