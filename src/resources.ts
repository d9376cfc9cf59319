import { k8s } from 'cdk8s-plus-28';
import { quantityValue } from './kubernetes-values';

/** CPU and memory for one container. */
export interface ComputeResources {
  /** CPU request, a Kubernetes quantity such as `250m`. */
  readonly cpuRequest: string;

  /** Memory request, a Kubernetes quantity such as `256Mi`. */
  readonly memoryRequest: string;

  /** CPU limit. @default - no CPU limit, so the container is never throttled */
  readonly cpuLimit?: string;

  /** Memory limit, a Kubernetes quantity such as `512Mi`. */
  readonly memoryLimit: string;
}

/** Renders {@link ComputeResources} as a container's `resources`; requests must fit limits. */
export function renderResources(
  resources: ComputeResources,
  where: string,
): k8s.ResourceRequirements {
  const cpu = quantityValue(resources.cpuRequest, 'resources.cpuRequest', where);
  const memory = quantityValue(resources.memoryRequest, 'resources.memoryRequest', where);
  const memoryLimit = quantityValue(resources.memoryLimit, 'resources.memoryLimit', where);
  if (memory > memoryLimit) {
    throw new Error(`${where}: resources.memoryRequest ${resources.memoryRequest} is above `
      + `resources.memoryLimit ${resources.memoryLimit}; a request must not exceed its limit`);
  }

  if (resources.cpuLimit !== undefined
    && cpu > quantityValue(resources.cpuLimit, 'resources.cpuLimit', where)) {
    throw new Error(`${where}: resources.cpuRequest ${resources.cpuRequest} is above `
      + `resources.cpuLimit ${resources.cpuLimit}; a request must not exceed its limit`);
  }

  const limits: Record<string, k8s.Quantity> = {
    memory: k8s.Quantity.fromString(resources.memoryLimit),
  };
  if (resources.cpuLimit !== undefined) {
    limits.cpu = k8s.Quantity.fromString(resources.cpuLimit);
  }

  return {
    requests: {
      cpu: k8s.Quantity.fromString(resources.cpuRequest),
      memory: k8s.Quantity.fromString(resources.memoryRequest),
    },
    limits,
  };
}
