// A request body read as bytes, for the routes that take a file as the body itself (an .xlsx workbook, an export of
// work-order events): the JSON and text parsers leave such a body alone, and multer only reads multipart forms.
import { PayloadTooLargeException } from '@nestjs/common';
import type { Request } from 'express';
import { BODY_LIMIT_BYTES } from './limits';

/**
 * The raw request body, at most `limit` bytes.
 * @param what how the refusal names the body ("the workbook", "the file")
 * @throws PayloadTooLargeException (413) beyond `limit`
 */
export async function readRawBody(req: Request, what: string, limit = BODY_LIMIT_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeException(`${what} is larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
