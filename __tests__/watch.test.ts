import {
  mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Watch, watchAndSynthesize } from '../src/watch';

// a project whose runner only records that it ran, and with which arguments
function fakeProject(): { root: string; runs: () => string[] } {
  const root = mkdtempSync(join(tmpdir(), 'watch-'));
  for (const folder of ['scripts', 'src', 'environments', 'dist']) {
    mkdirSync(join(root, folder));
  }
  writeFileSync(join(root, 'main.ts'), '');
  writeFileSync(join(root, 'scripts', 'run.mjs'), "import { appendFileSync } from 'node:fs';\n"
    + `appendFileSync(${JSON.stringify(join(root, 'runs.log'))}, `
    + "process.argv.slice(2).join(' ') + '\\n');\n");
  const runs = () => {
    try {
      return readFileSync(join(root, 'runs.log'), 'utf8').trim().split('\n');
    } catch {
      return [];
    }
  };
  return { root, runs };
}

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) {
      throw new Error('waited 10 s');
    }
    await sleep(10);
  }
}

describe('synth --watch |', () => {
  let watching: Watch | undefined;
  beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
  afterEach(() => watching?.close());
  afterAll(() => jest.restoreAllMocks());

  test('synthesizes at once, then again after a change to a source or to main.ts', async () => {
    // GIVEN a watch over a project
    const { root, runs } = fakeProject();
    watching = watchAndSynthesize({ root, args: ['staging'] });
    await until(() => runs().length === 1);

    // WHEN a configuration file changes, THEN the synth runs again with the same arguments
    writeFileSync(join(root, 'environments', 'staging.ts'), 'export {};');
    await until(() => runs().length === 2);
    expect(runs()).toEqual(['main.ts staging', 'main.ts staging']);

    // AND the entry point counts as a source
    writeFileSync(join(root, 'main.ts'), '// changed');
    await until(() => runs().length === 3);
  });

  test('a file saved by rename, as many editors save, is still watched after', async () => {
    // GIVEN a watch, and a configuration file an editor saves by writing a
    // temporary file and renaming it over the original
    const { root, runs } = fakeProject();
    writeFileSync(join(root, 'environments', 'staging.ts'), 'export {};');
    watching = watchAndSynthesize({ root, args: [] });
    await until(() => runs().length === 1);
    writeFileSync(join(root, 'environments', 'staging.ts.tmp'), 'export const a = 1;');
    renameSync(join(root, 'environments', 'staging.ts.tmp'),
      join(root, 'environments', 'staging.ts'));
    await until(() => runs().length === 2);

    // WHEN the same file is then written in place, and a file in a new folder
    await sleep(50);
    writeFileSync(join(root, 'environments', 'staging.ts'), 'export const a = 2;');
    await until(() => runs().length === 3);
    mkdirSync(join(root, 'src', 'checks'));
    await sleep(50);
    writeFileSync(join(root, 'src', 'checks', 'new.ts'), 'export {};');

    // THEN each one starts a synth
    await until(() => runs().length === 4);
    expect(runs()).toHaveLength(4);
  });

  test('a folder removed and made again is watched again', async () => {
    const { root, runs } = fakeProject();
    mkdirSync(join(root, 'src', 'checks'));
    watching = watchAndSynthesize({ root, args: [] });
    await until(() => runs().length === 1);

    rmSync(join(root, 'src', 'checks'), { recursive: true });
    await until(() => runs().length === 2);
    mkdirSync(join(root, 'src', 'checks'));
    await until(() => runs().length === 3);
    await sleep(50);
    writeFileSync(join(root, 'src', 'checks', 'new.ts'), 'export {};');
    await until(() => runs().length === 4);
    expect(runs()).toHaveLength(4);
  });

  test('an editor\'s swap and backup files do not start a synth', async () => {
    const { root, runs } = fakeProject();
    watching = watchAndSynthesize({ root, args: [] });
    await until(() => runs().length === 1);

    for (const name of ['.staging.ts.swp', 'staging.ts~', '4913']) {
      writeFileSync(join(root, 'environments', name), 'x');
    }
    await sleep(200);
    expect(runs()).toHaveLength(1);
  });

  test('a write to the output folder does not start a synth', async () => {
    const { root, runs } = fakeProject();
    watching = watchAndSynthesize({ root, args: [] });
    await until(() => runs().length === 1);

    writeFileSync(join(root, 'dist', 'out.yaml'), 'kind: X');
    await sleep(200);
    expect(runs()).toHaveLength(1);
  });
});
