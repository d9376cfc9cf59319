/** A JSON object as parsed from a manifest; nothing about its shape is assumed. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is an object, else an empty one. */
export function objectOf(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/**
 * The items of an array, each an object (an empty one where the item is not),
 * so that positions still name the right field; empty when not an array.
 */
export function listOf(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(objectOf) : [];
}

/** The value when it is a string, else undefined. */
export function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The string items of an array; empty when not an array. */
export function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item) => typeof item === 'string') : [];
}

/** A map of strings, such as labels; non-string values are dropped. */
export function labelsOf(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(objectOf(value))
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
