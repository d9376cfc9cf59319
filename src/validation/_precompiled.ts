import { ValidateFunction } from 'ajv';
import { FORMATS, re2Subset } from './_kube-formats';
import { findPackageFile } from './_package-files';

/** The path, from the package root, of what `npm run validate:compile` writes. */
export const PRECOMPILED_FILE = 'src/validation/generated/kube-validators.js';

type Factory = (formats: typeof FORMATS, re2: typeof re2Subset) => Record<string, ValidateFunction>;

/**
 * The validators compiled ahead of time, by `apiVersion|kind`, or none when
 * the file is missing. The generated module takes the formats and the RE2
 * engine as arguments, since it is plain JavaScript that cannot import them.
 */
export function loadPrecompiled(): Readonly<Record<string, ValidateFunction>> {
  const file = findPackageFile(PRECOMPILED_FILE);
  if (file === undefined) return {};

  // Loaded by path, so that no bundle of the app has to carry (and esbuild
  // parse on every synth) the megabyte of generated code.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factory = require(file) as Factory;
  return factory(FORMATS, re2Subset);
}
