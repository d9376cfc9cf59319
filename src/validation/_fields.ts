/** `parent.key`, or `parent["key"]` when the key is not a plain name (`a.b/c`). */
export function childField(parent: string, key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `${parent}.${key}` : `${parent}["${key}"]`;
}
