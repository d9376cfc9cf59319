// Checks of values the API server would refuse, made where the value enters
// a construct so that the error names the prop instead of a rollout failing.

const QUANTITY = /^([+-]?[0-9.]+)([eE][-+]?[0-9]+|Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?$/;
const MULTIPLIERS: Record<string, number> = {
  '': 1, 'n': 1e-9, 'u': 1e-6, 'm': 1e-3, 'k': 1e3, 'M': 1e6, 'G': 1e9, 'T': 1e12,
  'P': 1e15, 'E': 1e18, 'Ki': 2 ** 10, 'Mi': 2 ** 20, 'Gi': 2 ** 30, 'Ti': 2 ** 40,
  'Pi': 2 ** 50, 'Ei': 2 ** 60,
};
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The value of a Kubernetes quantity such as `250m` or `1Gi`, or an error naming `field`. */
export function quantityValue(value: string, field: string, where: string): number {
  const match = QUANTITY.exec(value);
  const number = match === null ? NaN : Number(match[1]);
  if (match === null || Number.isNaN(number) || number < 0) {
    throw new Error(`${where}: ${field} is ${JSON.stringify(value)}, not a Kubernetes `
      + 'quantity; use e.g. "250m" or "0.5" for CPU and "256Mi" or "1Gi" for memory');
  }

  const suffix = match[2] ?? '';
  return /^[eE]/.test(suffix) ? number * 10 ** Number(suffix.slice(1)) : number * MULTIPLIERS[suffix];
}

/** Checks a DNS-1123 label: a namespace, or a Service or Secret name. */
export function checkDnsLabel(value: string, field: string, where: string): void {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    throw new Error(`${where}: ${field} is ${JSON.stringify(value)}; use at most 63 lower-case `
      + 'letters, digits and "-", starting and ending with a letter or digit');
  }
}

/** Checks a DNS-1123 subdomain: a host name, a StorageClass or ClusterIssuer name. */
export function checkDnsSubdomain(value: string, field: string, where: string): void {
  if (value.length > 253 || !DNS_SUBDOMAIN.test(value)) {
    throw new Error(`${where}: ${field} is ${JSON.stringify(value)}; use lower-case DNS labels `
      + 'separated by dots, e.g. "auth-staging.example.com"');
  }
}

/** Checks a whole number in a range, e.g. a replica count or a port. */
export function checkWholeNumber(
  value: number, field: string, where: string, min: number, max = Number.MAX_SAFE_INTEGER,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `${min}-${max}`;
    throw new Error(`${where}: ${field} is ${JSON.stringify(value)}; expected a whole number `
      + range);
  }
}

/**
 * Checks an IPv4 CIDR of a network outside the cluster. `0.0.0.0/0` is
 * refused: it would open the whole internet, metadata endpoint included.
 */
export function checkExternalCidr(value: string, field: string, where: string): void {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(value);
  const valid = match !== null && match.slice(1, 5).every((p) => Number(p) <= 255)
    && Number(match[5]) <= 32;
  if (!valid) {
    throw new Error(`${where}: ${field} is ${JSON.stringify(value)}, not an IPv4 CIDR; `
      + 'give the server\'s network, e.g. "10.20.0.0/16"');
  }

  if (Number(match[5]) < 8) {
    throw new Error(`${where}: ${field} ${value} spans a large part of the internet; give `
      + 'the server\'s own network, e.g. "10.20.0.0/16"');
  }
}
