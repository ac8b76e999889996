// A `name` field of a request body: one text, or the name in Chinese and English (`{zh, en}`, at least one), each
// at most NAME_MAX_LENGTH characters (docs/FORMAT.md, "Names"). class-validator checks it as a whole, so a name
// object may hold zh and en only, whatever the global whitelist does with nested objects.
import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy, ValidationArguments } from 'class-validator';
import { NAME_MAX_LENGTH, nameProblem } from '@app/scoring';

/** The OpenAPI schema of a name: a text, or {zh, en}. */
export const LOCAL_NAME_SCHEMA = {
  oneOf: [
    { type: 'string', minLength: 1, maxLength: NAME_MAX_LENGTH },
    {
      type: 'object',
      properties: {
        zh: { type: 'string', minLength: 1, maxLength: NAME_MAX_LENGTH },
        en: { type: 'string', minLength: 1, maxLength: NAME_MAX_LENGTH },
      },
      additionalProperties: false,
      minProperties: 1,
    },
  ],
};

function message({ property, value }: ValidationArguments): string {
  // A text keeps the words of class-validator's Length, which clients already match.
  if (typeof value === 'string' && value.trim() === '')
    return `${property} must be longer than or equal to 1 characters`;
  if (typeof value === 'string')
    return `${property} must be shorter than or equal to ${NAME_MAX_LENGTH} characters`;
  return `${property} ${nameProblem(value) ?? 'is not a name'}`;
}

/** Checks a name (a text or {zh, en}). */
export const IsLocalName = () =>
  ValidateBy({
    name: 'isLocalName',
    validator: { validate: (v) => nameProblem(v) === null, defaultMessage: message },
  });

/** A name, documented and checked (PartialType makes it optional in a PATCH body). */
export const LocalNameProperty = (example: string, exampleZh: string) =>
  applyDecorators(
    ApiProperty({
      ...LOCAL_NAME_SCHEMA,
      example: { zh: exampleZh, en: example },
      description: `one text, or the name in Chinese and English: {"zh": "${exampleZh}", "en": "${example}"}`,
    }),
    IsLocalName(),
  );
