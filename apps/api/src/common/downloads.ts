// Streaming a file to the client: the status and headers are sent once the download is ready (refusals happen
// before, so they keep the JSON error shape), the body is written with backpressure (memory stays flat however
// many rows), and a failure half-way cuts the connection, so half a file never looks like a whole one.
import { once } from 'node:events';
import type { Response } from 'express';
import { XLSX_CONTENT_TYPE, XlsxDownload } from '@app/domain/documents';

/** An `.xlsx` written by `download` straight into the response. */
export async function sendXlsx(res: Response, fileName: string, download: XlsxDownload): Promise<void> {
  res.status(200).setHeader('Content-Type', XLSX_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  try {
    await download(res);
  } catch (e) {
    res.destroy(e as Error);
  }
}

/** Text chunks (JSON or CSV lines), as an attachment named `fileName` when given. */
export async function sendChunks(
  res: Response,
  contentType: string,
  chunks: AsyncIterable<string>,
  fileName?: string,
): Promise<void> {
  res.status(200).setHeader('Content-Type', contentType);
  if (fileName) res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
  try {
    for await (const chunk of chunks) if (!res.write(chunk)) await once(res, 'drain');
    res.end();
  } catch (e) {
    res.destroy(e as Error);
  }
}
