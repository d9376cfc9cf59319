import { k8s } from 'cdk8s-plus-28';

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

/** Renders {@link ComputeResources} as a container's `resources`. */
export function renderResources(resources: ComputeResources): k8s.ResourceRequirements {
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
