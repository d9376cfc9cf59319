import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES } from 'go-chat-ai-deploy';

const ROOT = join(__dirname, '..');
const DOCS = readFileSync(join(ROOT, 'docs', 'validation.md'), 'utf8');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The rows of the docs' rule table: id, family, rationale. */
function documentedRules(): string[][] {
  return DOCS.split('\n')
    .filter((line) => /^\| `[a-z-]+` \|/.test(line))
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim()));
}

describe('validation docs |', () => {
  test('docs/validation.md lists every rule, in order, with the rationale the code gives', () => {
    // GIVEN the rule catalogue and the docs' table
    // THEN they say the same, row for row
    expect(documentedRules()).toEqual(RULES.map((rule) =>
      [`\`${rule.id}\``, rule.category, rule.rationale]));
  });

  test('each rationale is one line of the table, a single sentence', () => {
    for (const rule of RULES) {
      expect(rule.rationale).toMatch(/^[A-Z`].*\.$/);
      expect(rule.rationale.split('. ')).toHaveLength(1);
    }
  });

  test('the README has a Validation gate section pointing to the docs, with timings', () => {
    // GIVEN the README's section
    const section = README.split('\n## ').find((s) => s.startsWith('Validation gate\n')) ?? '';

    // THEN it links the rules and quotes what the gate adds, in milliseconds
    expect(section).toContain('[docs/validation.md](docs/validation.md)');
    expect(section).toMatch(/medians of \d+ runs/);
    expect(section).toMatch(/\| the platform, all four environments \| \d+ \| \d+ ms \| \d+ ms \|/);
  });
});
