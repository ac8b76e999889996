// The service's own problems are coded with the words they always had: the window's sentence and the code rule's
// are written by other modules, so the code's text is checked against them here (they cannot drift apart).
import { problemMessage, ProblemCode } from '@app/scoring';
import { codeProblem, quoteValue } from '../model';
import { outsideIntakeWindow } from '../periods';
import { codeIssue, intakeWindowIssue, rowProblem } from './row-problems';
import { measurementsFromCsv } from './measurements-csv';
import { MeasurementsInvalidError } from './measurements';

describe('row problems', () => {
  it('build the message from the code and its params', () => {
    expect(rowProblem(3, 'value', 'CSV_NOT_DECIMAL', { got: '"x"' })).toEqual({
      row: 3,
      field: 'value',
      code: 'CSV_NOT_DECIMAL',
      params: { got: '"x"' },
      message: '"x" is not a decimal number (digits, an optional - and . decimals)',
    });
    expect(rowProblem(0, '', 'EMPTY_BATCH')).toEqual({
      row: 0,
      field: '',
      code: 'EMPTY_BATCH',
      message: 'the list is empty',
    });
  });

  it('say a month outside the intake window in the window’s own words', () => {
    expect(intakeWindowIssue('2026-12')).toBeNull();
    for (const month of ['2030-01', '2001-05']) {
      const issue = intakeWindowIssue(month)!;
      expect(issue.message).toBe(outsideIntakeWindow(month));
      expect(problemMessage(issue.code, issue.params)).toBe(issue.message);
      expect(issue.params).toMatchObject({ period: month });
    }
  });

  it('say a bad code or employee number in the code rule’s words', () => {
    expect(codeIssue('GOOD-1')).toBeNull();
    for (const [value, employeeNo] of [
      ['=cmd', false],
      ['a b', true],
      [7, false],
    ] as const) {
      const issue = codeIssue(value, employeeNo)!;
      expect(issue.message).toBe(codeProblem(value, employeeNo));
      expect(problemMessage(issue.code, issue.params)).toBe(issue.message);
      expect(issue.params).toMatchObject({ got: quoteValue(value) });
    }
  });

  it('code every refusal of a CSV file', () => {
    const refusal = (text: string) => {
      try {
        measurementsFromCsv(text);
      } catch (e) {
        return (e as MeasurementsInvalidError).rows;
      }
      throw new Error('accepted');
    };
    const texts = [
      'staff,date',
      'date,x,x\n2026-10-01,1,2',
      'staff,department,1bad\nA,B,1',
      'staff,date,x\nA,2026-10-01,',
      'staff,date,x\nA,2026-10-01,1e3',
      'staff,date,x\n"A,2026-10-01,1',
    ];
    for (const text of texts) {
      for (const r of refusal(text)) {
        expect(typeof r.code).toBe('string');
        expect(problemMessage(r.code as ProblemCode, r.params)).toBe(r.message);
      }
    }
  });
});
