// Request bodies of the work-order feeds HR manages. Only the listed fields are accepted (the global ValidationPipe
// forbids any other), each checked with a message naming it. The events themselves are not a DTO: they are checked
// by the domain (checkEvents), which names every bad event by its place and codes each problem.
import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';
import type { LocalName, LocalNames } from '@app/scoring';
import { IsLocalName, LocalNameProperty } from '../common/local-name';
import { IsCode, Optional } from '../configuration/validators';

export class CreateFeedDto {
  @ApiProperty({ example: 'REPAIR-SYS', description: 'the feed code the system sends in X-Feed' })
  @IsString()
  @IsCode()
  code!: string;

  @LocalNameProperty('Repair work-order system', '报修工单系统')
  name!: LocalName;

  @ApiPropertyOptional({
    type: 'object',
    properties: { zh: { type: 'string' }, en: { type: 'string' } },
    additionalProperties: false,
    description: 'the name per language, as the list shows it (replaces `name` when given)',
  })
  @Optional()
  @IsLocalName()
  names?: LocalNames;
}
