// A DTO's 400 keeps class-validator's English messages as Nest builds them and codes each failing field.
import { BadRequestException } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsString, MaxLength, ValidateNested } from 'class-validator';
import { CodedValidationPipe } from './coded-validation.pipe';

class Item {
  @IsString()
  @MaxLength(3)
  code!: string;
}

class Body {
  @IsString()
  @MaxLength(5)
  name!: string;

  @IsIn(['a', 'b'])
  kind!: string;

  @ValidateNested({ each: true })
  @Type(() => Item)
  items!: Item[];
}

async function refusal(value: unknown, maxErrorMessagesLength?: number): Promise<Record<string, unknown>> {
  const pipe = new CodedValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    maxErrorMessagesLength,
  });
  try {
    await pipe.transform(value, { type: 'body', metatype: Body });
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).getResponse() as Record<string, unknown>;
  }
  throw new Error('accepted');
}

describe('CodedValidationPipe', () => {
  it('gives every message its field, constraint and the constraint values, in the same order', async () => {
    const body = await refusal({ name: 'too long', kind: 'c', items: [{ code: 'abcd' }], extra: 1 });
    expect(body.message).toEqual([
      'property extra should not exist',
      'name must be shorter than or equal to 5 characters',
      'kind must be one of the following values: a, b',
      'items.0.code must be shorter than or equal to 3 characters',
    ]);
    expect(body.problems).toEqual([
      { path: 'extra', code: 'whitelistValidation', message: 'property extra should not exist' },
      {
        path: 'name',
        code: 'maxLength',
        params: { constraint1: 5 },
        message: 'name must be shorter than or equal to 5 characters',
      },
      {
        path: 'kind',
        code: 'isIn',
        params: { constraint1: 'a, b' },
        message: 'kind must be one of the following values: a, b',
      },
      {
        path: 'items.0.code',
        code: 'maxLength',
        params: { constraint1: 3 },
        message: 'items.0.code must be shorter than or equal to 3 characters',
      },
    ]);
    // The target (the whole body) never travels with the answer.
    expect(JSON.stringify(body)).not.toContain('too long"');
  });

  it('codes several constraints of one field', async () => {
    const body = await refusal({ name: 7, kind: 'a', items: [] });
    expect((body.problems as { code: string }[]).map((p) => p.code)).toEqual(['maxLength', 'isString']);
    expect((body.problems as { message: string }[]).map((p) => p.message)).toEqual(body.message);
  });

  it('codes the messages Nest keeps past its length budget, not the sentence saying the rest were omitted', async () => {
    const body = await refusal({ name: 'too long', kind: 'c', items: [], a: 1, b: 2 }, 70);
    const messages = body.message as string[];
    const problems = body.problems as { message: string }[];
    expect(messages.length).toBeGreaterThan(1);
    expect(problems.map((p) => p.message)).toEqual(messages.slice(0, -1));
  });
});
