import { basename, dirname } from 'node:path';
import { isObject, listOf } from './_json';
import { Manifest, toManifest } from './_manifest-set';
import { ValidationReport, checkManifestSet } from './check-manifests';

/** The documents of one manifest file. */
export interface ManifestFile {
  readonly file: string;
  readonly documents: readonly unknown[];
}

/** The report of one folder of manifests. */
export interface FolderReport {
  readonly folder: string;
  readonly report: ValidationReport;
}

/** How files are checked. */
export interface CheckFilesOptions {
  /** The environment of every folder. @default - each folder's name (dist/staging) */
  readonly environment?: string;
}

/**
 * Checks manifest files one folder at a time: a folder is what `kubectl
 * apply -f` deploys together, so references are resolved within it, and its
 * name is taken as the environment.
 */
export function checkFiles(
  files: readonly ManifestFile[],
  options: CheckFilesOptions = {},
): FolderReport[] {
  const folders = new Map<string, Manifest[]>();
  for (const { file, documents } of files) {
    const manifests = documents.flatMap(expandList)
      .map((object) => toManifest(object, { file }));
    folders.set(dirname(file), [...(folders.get(dirname(file)) ?? []), ...manifests]);
  }

  return [...folders]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, manifests]) => ({
      folder,
      report: checkManifestSet(manifests, {
        environment: options.environment ?? basename(folder),
      }),
    }));
}

// `kubectl get -o yaml` writes a List; empty YAML documents are null.
function expandList(document: unknown): Record<string, unknown>[] {
  if (document === null || document === undefined) return [];
  if (!isObject(document)) return [{}];
  return document.kind === 'List' && Array.isArray(document.items)
    ? listOf(document.items) : [document];
}
