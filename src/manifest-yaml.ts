import { Yaml } from 'cdk8s';

// cdk8s writes each manifest with `Yaml.stringify`: YAML 1.1, block style, no
// line folding. That serializer first builds a node tree for every document
// and was most of a synth's time. The manifests are plain JSON values, so this
// writes the same text directly. Only what it is certain to render exactly as
// `Yaml.stringify` does is written here; anything else (non-integer numbers,
// control characters, block scalars needing an indentation indicator, shared
// objects) sends the whole document to `Yaml.stringify`. A test compares the
// two on every environment.

/** Thrown inside the writer for a value it leaves to `Yaml.stringify`. */
const UNSUPPORTED = Symbol('unsupported');

// the plain scalars YAML 1.1 reads as something other than a string (null,
// booleans, numbers, times), as the `yaml` package tests them; the merge key
// `<<`, plain in some places and quoted in others, is left to the serializer
const IMPLICIT_TYPES = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  new RegExp('^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \\t]+)([0-9]{1,2}):([0-9]{1,2}):'
    + '([0-9]{1,2}(\\.[0-9]+)?)(?:[ \\t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$'),
];

/** The patterns above, for the test that holds them to the `yaml` package's own. */
export const IMPLICIT_TYPE_PATTERNS: readonly string[] = IMPLICIT_TYPES.map((p) => p.source);

// the `yaml` package's own rules for a plain scalar, and for what needs quotes
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}\t]/u;

// Most strings in a manifest are names, labels and paths: a letter, then
// letters, digits and `._/-`. None of the rules above can apply to them but
// the null and boolean words, so they skip the rest.
const WORD = /^[A-Za-z][A-Za-z0-9._/-]*$/;
const NULL_OR_BOOLEAN = IMPLICIT_TYPES.slice(0, 3);

/** One manifest as YAML, byte for byte what `Yaml.stringify(manifest)` gives. */
export function manifestYaml(manifest: unknown): string {
  return directYaml(manifest) ?? Yaml.stringify(manifest);
}

/**
 * The YAML of a manifest written directly, or undefined where it is left to
 * `Yaml.stringify`.
 * @internal
 */
export function directYaml(manifest: unknown): string | undefined {
  if (!isMap(manifest) || Object.keys(manifest).length === 0) {
    return undefined;
  }

  try {
    return `${block(manifest, '', new Set())}\n`;
  } catch (error) {
    if (error === UNSUPPORTED) {
      return undefined;
    }
    throw error;
  }
}

// a non-empty map or sequence, one line per entry at `indent`
function block(value: object, indent: string, seen: Set<object>): string {
  if (seen.has(value)) {
    // the serializer would write an anchor and an alias
    throw UNSUPPORTED;
  }
  seen.add(value);

  const child = `${indent}  `;
  if (Array.isArray(value)) {
    return value.map((item) => `${indent}-${isCollection(item)
      ? ` ${block(item, child, seen).slice(child.length)}`
      : ` ${scalar(item, child, seen)}`}`).join('\n');
  }

  return Object.entries(value).map(([key, item]) => `${indent}${plainOrQuoted(key, true)}:`
    + (isCollection(item) ? `\n${block(item, child, seen)}` : ` ${scalar(item, child, seen)}`))
    .join('\n');
}

// a value on the line of its key or dash: a scalar or an empty collection
function scalar(value: unknown, indent: string, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return value.includes('\n') ? literalBlock(value, indent) : plainOrQuoted(value, false);
    case 'number':
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value)
        : unsupported();
    case 'boolean':
      return String(value);
    default:
      if (value === null) {
        return 'null';
      }
      if ((!Array.isArray(value) && !isMap(value)) || seen.has(value)) {
        return unsupported();
      }
      seen.add(value);
      return Array.isArray(value) ? '[]' : '{}';
  }
}

function plainOrQuoted(text: string, isKey: boolean): string {
  if (WORD.test(text) && text.length <= 1024) {
    return NULL_OR_BOOLEAN.some((pattern) => pattern.test(text)) ? JSON.stringify(text) : text;
  }

  // an empty or very long key would be written as an explicit `? key`
  if (CONTROL.test(text) || text === '<<'
    || (isKey && (text.includes('\n') || text === '' || text.length > 1024))) {
    return unsupported();
  }

  if (!NOT_PLAIN.test(text)) {
    if (DOCUMENT_MARKER.test(text)) {
      return unsupported();
    }
    if (!IMPLICIT_TYPES.some((pattern) => pattern.test(text))) {
      return text;
    }
  }

  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

// `|` keeps one final line break, `|-` none; other endings and a first line
// that starts with a space or a break are left to the serializer
function literalBlock(text: string, indent: string): string {
  if (CONTROL.test(text) || /^[ \n]/.test(text) || /[ \t]\n?$|\n\n$/.test(text)) {
    return unsupported();
  }

  const clip = text.endsWith('\n');
  const body = clip ? text.slice(0, -1) : text;
  return `|${clip ? '' : '-'}\n${indent}${body.replace(/\n+/g, `$&${indent}`)}`;
}

function isCollection(value: unknown): value is object {
  return Array.isArray(value) ? value.length > 0
    : isMap(value) && Object.keys(value).length > 0;
}

function isMap(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }

  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function unsupported(): never {
  throw UNSUPPORTED;
}
