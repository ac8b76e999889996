// Bad rows of intake and the service's own document problems, each with its stable code and the values it quotes
// (libs/scoring/src/problem-codes.ts holds the English text of every code): the English `message` is built from
// the same table, so the pages can say the row in the reader's language (docs/API.md, "Errors").
import { coded, ProblemCode, ProblemParams } from '@app/scoring';
import { CODE_RULE, EMPLOYEE_NO_RULE, codeProblem, quoteValue } from '../model';
import { intakeMonths, intakeWindow, outsideIntakeWindow } from '../periods';
import type { RowProblem } from './measurements';

/** A bad row (`row` 1-based; 0 when the whole batch is refused) with its code, params and English message. */
export function rowProblem(
  row: number,
  field: string,
  code: ProblemCode,
  params?: ProblemParams,
): RowProblem {
  return { row, field, ...coded(code, params) };
}

/** Why `period` may not take data now, coded (the words of outsideIntakeWindow); null inside the window. */
export function intakeWindowIssue(
  period: string,
): { code: ProblemCode; params?: ProblemParams; message: string } | null {
  const outside = outsideIntakeWindow(period);
  if (!outside) return null;
  const { first, last, current } = intakeMonths();
  const { monthsBack, monthsAhead } = intakeWindow();
  const issue = coded('OUTSIDE_INTAKE_WINDOW', { period, first, last, current, monthsBack, monthsAhead });
  // The window's own sentence is the authority: should its words ever change, they are what the reader sees.
  return { ...issue, message: outside };
}

/** Why `value` is not a code (or employee number), coded (the words of codeProblem); null when it is one. */
export function codeIssue(
  value: unknown,
  employeeNo = false,
): { code: ProblemCode; params?: ProblemParams; message: string } | null {
  const why = codeProblem(value, employeeNo);
  if (!why) return null;
  const issue = employeeNo
    ? coded('BAD_EMPLOYEE_NO', { rule: EMPLOYEE_NO_RULE, got: quoteValue(value) })
    : coded('BAD_CODE', { rule: CODE_RULE, got: quoteValue(value) });
  return { ...issue, message: why };
}
