import { flowMatrix, formatFlowTable } from '../validation/flow-matrix';
import { readManifests } from '../validation/manifest-files';

// prints which pod may reach which, per environment folder given
const folders = process.argv.slice(2);
try {
  for (const folder of folders.length > 0 ? folders : ['dist/staging']) {
    console.log(`${folder}\n\n${formatFlowTable(flowMatrix(readManifests([folder])))}\n`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
