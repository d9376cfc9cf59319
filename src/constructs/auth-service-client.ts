import { Construct } from 'constructs';
import { PlatformService } from './platform-service';

/**
 * auth-service's workload, as a service that calls it over gRPC sees it. The
 * caller must run in the same namespace: the flow it declares to auth-service
 * names auth-service's pods by label alone, which a NetworkPolicy finds only
 * in its own namespace.
 */
export function authServiceFor(
  caller: Construct,
  callerName: string,
  authService: { readonly service: PlatformService },
  namespace: string,
): PlatformService {
  const auth = authService.service;
  if (auth.namespace !== namespace) {
    throw new Error(`${caller.node.path}: auth-service runs in "${auth.namespace}", not in `
      + `${callerName}'s namespace "${namespace}"; run both in one namespace`);
  }
  return auth;
}

/** The settings that point a caller at auth-service's gRPC port. */
export function authServiceSettings(auth: PlatformService): Record<string, string> {
  return { AUTH_SERVICE_HOST: auth.host, AUTH_SERVICE_PORT: String(auth.ports.grpc) };
}
