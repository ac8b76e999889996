// Every shared scenario, scored through the library, equals its expected result (docs/FORMAT.md tolerances).
import { readFileSync } from 'node:fs';
import { compareWithExpected, scenarios } from '../../../test/support/scenarios';
import { isStaffError, parseDocumentText, scoreDocument } from '.';

describe('shared scenarios through the library', () => {
  for (const sc of scenarios()) {
    it(`${sc.name} matches ${sc.name}.expected.json`, () => {
      const result = scoreDocument(parseDocumentText(readFileSync(sc.document, 'utf8')));
      expect(compareWithExpected(sc.expected, result)).toBe('');
      // The comparison tool reads staff by id; the format also fixes their order and the department order.
      const expected = JSON.parse(readFileSync(sc.expected, 'utf8'));
      expect(result.staff.map((s) => s.id)).toEqual(expected.staff.map((s: { id: string }) => s.id));
      expect(result.departments.map((d) => d.code)).toEqual(
        expected.departments.map((d: { code: string }) => d.code),
      );
      expect(result.errors.length).toBe(expected.errors.length);
      expect(result.staff.filter(isStaffError).length).toBe(
        expected.staff.filter((s: object) => 'error' in s).length,
      );
    });
  }
});
