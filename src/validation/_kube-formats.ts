import { FormatDefinition } from 'ajv';

type Format = FormatDefinition<string> | FormatDefinition<number> | true;

// Secret data must be padded base64, or the API server refuses the Secret.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Every format the schemas use. Naming them all keeps ajv from warning on each
 * compile; int64, double and date-time are accepted as they come.
 */
export const FORMATS: Record<string, Format> = {
  'int32': { type: 'number', validate: (n: number) => n >= -(2 ** 31) && n < 2 ** 31 },
  'int64': true,
  'double': true,
  'date-time': true,
  'byte': { type: 'string', validate: BASE64 },
};

/** What a failed format check means, in words. */
export const FORMAT_TEXT: Record<string, string> = {
  int32: 'must fit in a 32-bit integer',
  byte: 'must be base64 encoded',
};

// CRD patterns are RE2, as the API server runs them. The one construct they use
// that JavaScript lacks is a leading (?i), as in PrometheusRule's
// partial_response_strategy.
const CASELESS = /^(\^?)\(\?i\)/;

/** Compiles an RE2 pattern of the subset the vendored schemas use. */
export function re2Subset(pattern: string, flags: string): RegExp {
  return CASELESS.test(pattern)
    ? new RegExp(pattern.replace(CASELESS, '$1'), `${flags}i`)
    : new RegExp(pattern, flags);
}
