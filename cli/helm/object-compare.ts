import { KubeObject } from '../manifests';

/** Whether two values are the same JSON, whatever the order of keys. */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonical).join(',')}]`;
  }
  if (isObject(value)) {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:`
      + canonical(value[key])).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// what server-side apply merges list entries by, for the lists the kinds here have
const LIST_KEYS = ['containerPort', 'port', 'mountPath', 'name'];

/**
 * The fields an old object sets that ours does not. Server-side apply keeps
 * them after the takeover, still owned by Helm's field manager: maps merge
 * key by key, and keyed lists (containers, env, ports, volumes) entry by
 * entry. Other lists are replaced whole and leave nothing behind.
 */
export function leftoverFields(old: KubeObject, ours: KubeObject, skip: readonly string[]):
  string[] {
  const found: string[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (skip.includes(path)) {
      return;
    }
    if (isObject(a)) {
      for (const key of Object.keys(a)) {
        const next = `${path}${/^[A-Za-z0-9]+$/.test(key) ? `.${key}` : `[${key}]`}`;
        if (!isObject(b) || !(key in b)) {
          found.push(next);
        } else {
          walk(a[key], b[key], next);
        }
      }
    } else if (Array.isArray(a) && Array.isArray(b)) {
      const key = LIST_KEYS.find((k) => a.every((e) => isObject(e) && k in e));
      for (const entry of key === undefined ? [] : a as Record<string, unknown>[]) {
        const match = b.find((e) => isObject(e) && e[key as string] === entry[key as string]);
        const next = `${path}[${key}=${String(entry[key as string])}]`;
        if (match === undefined) {
          found.push(next);
        } else {
          walk(entry, match, next);
        }
      }
    }
  };

  walk(old.metadata.labels, ours.metadata.labels, 'metadata.labels');
  walk(old.metadata.annotations, ours.metadata.annotations, 'metadata.annotations');
  walk(old.spec, ours.spec, 'spec');
  walk((old as { data?: unknown }).data, (ours as { data?: unknown }).data, 'data');
  return found;
}
