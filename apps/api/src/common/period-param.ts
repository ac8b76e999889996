import { BadRequestException, PipeTransform } from '@nestjs/common';
import { PERIOD_RE } from '@app/scoring';

/** A `:period` route parameter: a month "YYYY-MM", or 400. */
export class PeriodPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!PERIOD_RE.test(value))
      throw new BadRequestException(`period must be a month "YYYY-MM", got "${value}"`);
    return value;
  }
}
