// The workload catalogue version body: the document's `workload` section plus the month it starts. The content
// is checked by the scoring library (@app/domain/configuration, content-check.ts); the DTO only whitelists the
// keys.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow, IsArray, ValidateBy } from 'class-validator';
import { CODE_RE, CODE_RULE } from '@app/domain/model';
import { IsPeriod, Optional } from './validators';

/** A code the service's code set refuses (a string outside CODE_RE); other types are the content check's. */
const badCode = (t: unknown) => {
  const code = (t as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !CODE_RE.test(code);
};

/**
 * Every `{code}` of the list (a task's) in the service's code set; the rest is the content check's. The message
 * names the first bad item by its path (`tasks[3].code`), as the content check's problems do, so a form can put it
 * next to that row.
 */
const CodesOfItems = () =>
  ValidateBy({
    name: 'codesOfItems',
    validator: {
      validate: (items: unknown) => !Array.isArray(items) || !items.some(badCode),
      defaultMessage: (args) => {
        const i = Array.isArray(args?.value) ? (args.value as unknown[]).findIndex(badCode) : -1;
        return `${args?.property ?? '$property'}[${i}].code must ${CODE_RULE}`;
      },
    },
  });

const OBJECTS = { type: 'array', items: { type: 'object' } } as const;

export class WorkloadVersionDto {
  @ApiProperty({ example: '2026-03', description: 'the first month the version is in force' })
  @IsPeriod()
  effectiveFrom!: string;

  @ApiPropertyOptional({ type: [String], description: 'RVU components, e.g. time, skill, risk' })
  @Optional()
  @IsArray()
  components?: string[];

  @ApiProperty({ ...OBJECTS, description: '{code, name, rvu}: rvu a number or one number per component' })
  @IsArray()
  @CodesOfItems()
  tasks!: Record<string, unknown>[];

  @ApiPropertyOptional({ ...OBJECTS, description: '{site, factors}: a factor per component for a site' })
  @Optional()
  @IsArray()
  adjustments?: Record<string, unknown>[];

  @ApiPropertyOptional({ example: '1.50', description: 'money per point, a decimal string' })
  @Allow()
  pointValue?: unknown;
}
