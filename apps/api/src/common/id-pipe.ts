// Ids in paths (appeals, plans, rules, versions, adjustments, batches) are database integers: a number outside
// 1 … 2^31 − 1 names nothing, so it is answered 404 like any id that does not exist — not a PostgreSQL "out of
// range for type integer" error surfacing as a 500. Anything that is not a whole number is 400, as before.
import { BadRequestException, Injectable, NotFoundException, PipeTransform } from '@nestjs/common';

const MAX_ID = 2 ** 31 - 1;

@Injectable()
export class IdPipe implements PipeTransform<unknown, number> {
  transform(value: unknown): number {
    // The global ValidationPipe may have turned the path segment into a number already (transform: true).
    const text = String(value).slice(0, 100);
    if (!/^\d+$/.test(text)) throw new BadRequestException(`"${text}" is not a whole number`);
    const id = Number(text);
    if (id < 1 || id > MAX_ID) throw new NotFoundException(`nothing has the id ${text}`);
    return id;
  }
}
