// The global ValidationPipe, with a code for every failing field: a DTO's 400 keeps class-validator's English
// `message` list exactly as Nest builds it, and adds `problems`, one per message, each with the field's path, the
// failing constraint's name as `code` (`isString`, `maxLength`, `whitelistValidation`) and the constraint's values
// as `params` (`constraint1`, `constraint2`, as class-validator's `$constraint1` names them), so that the pages
// can say it in the reader's language (docs/API.md, "Errors").
import { BadRequestException, ValidationPipe, ValidationPipeOptions } from '@nestjs/common';
import { OMITTED_ERRORS_MESSAGE } from '@nestjs/common/pipes/validation-errors.constants';
import { getMetadataStorage, ValidationError } from 'class-validator';
import type { Problem } from '@app/scoring';

type Params = Record<string, string | number>;

export class CodedValidationPipe extends ValidationPipe {
  constructor(options: ValidationPipeOptions = {}) {
    // The target of each error is needed to find its constraint's values; the factory below never sends it.
    super({ ...options, validationError: { target: true, ...options.validationError } });
  }

  override createExceptionFactory(): (errors?: ValidationError[]) => unknown {
    const plain = super.createExceptionFactory();
    return (errors: ValidationError[] = []) => {
      const exception = plain(errors);
      if (!(exception instanceof BadRequestException)) return exception;
      const body = exception.getResponse() as { message?: unknown };
      const messages = Array.isArray(body.message) ? body.message.map(String) : [];
      // Nest's messages come in the order of fieldProblems (the same walk): pair them. Past its length budget Nest
      // keeps the first ones and ends the list with a sentence saying the rest were omitted (no field: no problem).
      const kept = messages.at(-1) === OMITTED_ERRORS_MESSAGE ? messages.length - 1 : messages.length;
      const problems: Problem[] = fieldProblems(errors)
        .slice(0, kept)
        .map((p, i) => ({ ...p, message: messages[i] }));
      return new BadRequestException({ ...body, problems });
    };
  }
}

/** One problem per failing constraint, in the order of Nest's `flattenValidationErrors`. */
export function fieldProblems(errors: ValidationError[]): Omit<Problem, 'message'>[] {
  const leaves: { error: ValidationError; path: string }[] = [];
  // Nest's mapChildrenToValidationErrors: a nested error's children (deepest first), then the child itself.
  const walk = (error: ValidationError, parent?: string) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    if (!error.children?.length) return void leaves.push({ error, path });
    for (const child of error.children) {
      if (child.children?.length) walk(child, path);
      leaves.push({ error: child, path: `${path}.${child.property}` });
    }
  };
  for (const e of errors) walk(e);
  return leaves.flatMap(({ error, path }) =>
    Object.keys(error.constraints ?? {}).map((code) => {
      const params = constraintParams(error, code);
      return Object.keys(params).length ? { path, code, params } : { path, code };
    }),
  );
}

/** The values a decorator was given (`@MaxLength(200)` → `{constraint1: 200}`), from class-validator's metadata. */
function constraintParams(error: ValidationError, name: string): Params {
  const target = error.target;
  if (!target) return {};
  const meta = getMetadataStorage()
    .getTargetValidationMetadatas(target.constructor, '', true, false)
    .find((m) => m.propertyName === error.property && m.name === name);
  const out: Params = {};
  (meta?.constraints ?? []).forEach((c: unknown, i) => {
    const value =
      typeof c === 'string' || typeof c === 'number'
        ? c
        : c instanceof RegExp
          ? c.source
          : Array.isArray(c) && c.every((x) => typeof x === 'string' || typeof x === 'number')
            ? c.join(', ')
            : undefined;
    if (value !== undefined) out[`constraint${i + 1}`] = value;
  });
  return out;
}
