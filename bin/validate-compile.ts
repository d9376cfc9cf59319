import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../validation/compile-validators';

mkdirSync(join(__dirname, '..', 'src', 'validation', 'generated'), { recursive: true });
main();
