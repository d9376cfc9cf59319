import { ImageReference } from '../image';
import { AppEnvironment } from '../service-settings';
import { DatabaseConnection } from './database';
import { NetworkPolicies } from './network-policies';

/** What every platform service construct takes, whatever else it needs. */
export interface ServiceBaseProps {
  /** Namespace the service runs in. */
  readonly namespace: string;

  /** `app.kubernetes.io/instance`, the installation of the platform. */
  readonly instance: string;

  /** `APP_ENV`. */
  readonly environment: AppEnvironment;

  /** Container image, pinned by tag or digest. */
  readonly image: ImageReference;

  /** The service's PostgreSQL database. */
  readonly database: DatabaseConnection;

  /** Where to declare the service's flows. @default - none declared */
  readonly networkPolicies?: NetworkPolicies;
}
