// Reads a scorecard document from a request body: JSON (already parsed by the JSON body parser) or YAML text
// (Content-Type application/yaml or text/yaml). Anything else is refused with a message saying what is accepted.
import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { Request } from 'express';
import { DOCUMENT_BUDGET, parseDocumentText, ParseBudget } from '@app/scoring';

export const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** The Express setting holding the document budget (DOCUMENT_MAX_DEPTH, DOCUMENT_MAX_VALUES: app.factory.ts). */
export const DOCUMENT_BUDGET_SETTING = 'scorecard document budget';

export function documentFromRequest(req: Request): unknown {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (YAML_TYPES.includes(type)) {
    if (typeof req.body !== 'string' || req.body.trim() === '')
      throw new BadRequestException('the YAML body is empty');
    const budget = (req.app?.get(DOCUMENT_BUDGET_SETTING) as ParseBudget | undefined) ?? DOCUMENT_BUDGET;
    return parseDocumentText(req.body, 'yaml', budget);
  }
  if (type === 'application/json') {
    if (req.body === undefined) throw new BadRequestException('the JSON body is empty');
    return req.body as unknown;
  }
  throw new UnsupportedMediaTypeException(
    `send the document as application/json or application/yaml, not "${type || 'no content type'}"`,
  );
}
