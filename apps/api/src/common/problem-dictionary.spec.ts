// The pages say every problem code in Chinese: each code of the table (libs/scoring/src/problem-codes.ts) and each
// class-validator constraint the DTOs use has a `problem.<code>` template in English and in Chinese in the page
// dictionary (web/js/i18n/errors.js), the English one the table's own text, the Chinese one using only the
// params the problem carries.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { getMetadataStorage } from 'class-validator';
import { EnvSchema } from '@app/config';
import { PROBLEM_CODES, PROBLEM_TEMPLATES } from '@app/scoring';

const WEB = join(__dirname, '..', '..', 'web', 'js');

/** The dictionary module's object (a plain literal after `export default`), read without importing an ES module. */
function dictionary(): { en: Record<string, string>; zh: Record<string, string> } {
  const text = readFileSync(join(WEB, 'i18n', 'errors.js'), 'utf8');
  const literal = text.slice(text.indexOf('export default') + 'export default'.length).replace(/;\s*$/, '');
  return runInNewContext(`(${literal})`) as { en: Record<string, string>; zh: Record<string, string> };
}

const slots = (template: string) => new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

/** The constraint names of every DTO of the API (what the ValidationPipe's problems are coded with). */
function dtoConstraints(): string[] {
  const src = join(__dirname, '..');
  for (const dir of readdirSync(src, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(src, dir.name)))
      if (f.endsWith('.dto.ts')) require(join(src, dir.name, f)); // eslint-disable-line @typescript-eslint/no-require-imports
  }
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, { type: string; name?: string; target: unknown }[]>;
  };
  const names = new Set<string>(['whitelistValidation']);
  for (const list of storage.validationMetadatas.values()) {
    for (const m of list) {
      if (m.target === EnvSchema) continue; // the environment's rules: checked at start-up, never a request's
      if (m.type === 'customValidation' && m.name) names.add(m.name);
      if (m.type === 'nestedValidation') names.add('nestedValidation');
    }
  }
  return [...names].sort();
}

describe('the page dictionary of problem codes', () => {
  const { en, zh } = dictionary();

  it('has the English text of every code, exactly as the API writes it', () => {
    for (const code of PROBLEM_CODES)
      expect([code, en[`problem.${code}`]]).toEqual([code, PROBLEM_TEMPLATES[code]]);
  });

  it('has a Chinese text of every code, filled only from the params the problem carries', () => {
    for (const code of PROBLEM_CODES) {
      const text = zh[`problem.${code}`];
      expect([code, typeof text]).toEqual([code, 'string']);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      const allowed = new Set([...slots(PROBLEM_TEMPLATES[code]), 'path', 'field']);
      expect([code, [...slots(text)].filter((s) => !allowed.has(s))]).toEqual([code, []]);
    }
  });

  it('has both languages of every class-validator constraint the DTOs use', () => {
    const constraints = dtoConstraints();
    expect(constraints).toEqual(expect.arrayContaining(['isString', 'maxLength', 'isIn', 'matches']));
    for (const name of constraints) {
      expect([name, typeof en[`problem.${name}`], typeof zh[`problem.${name}`]]).toEqual([
        name,
        'string',
        'string',
      ]);
      expect(zh[`problem.${name}`]).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('has the same problem keys in both languages', () => {
    const keys = (d: Record<string, string>) =>
      Object.keys(d)
        .filter((k) => k.startsWith('problem.'))
        .sort();
    expect(keys(zh)).toEqual(keys(en));
  });
});
