// The reader's language: `?lang=zh|en` when given, else the best of Accept-Language that the product speaks,
// else English. Explanations, bilingual names and error messages are rendered in it.
import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { DEFAULT_LANG, isLang, type Lang } from '@app/scoring';
import type { Request } from 'express';

export function readerLanguage(req: Pick<Request, 'query' | 'headers'>): Lang {
  const asked = typeof req.query?.lang === 'string' ? req.query.lang.toLowerCase() : undefined;
  if (isLang(asked)) return asked;
  const header = req.headers?.['accept-language'];
  if (typeof header !== 'string' || !header) return DEFAULT_LANG;
  // "zh-CN,zh;q=0.9,en;q=0.8": the highest q among the languages spoken here (ties: the first listed).
  let best: { lang: Lang; q: number } | null = null;
  for (const part of header.slice(0, 200).split(',')) {
    const [tag, ...params] = part.trim().split(';');
    const lang = tag.trim().toLowerCase().split('-')[0];
    if (!isLang(lang)) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang ?? DEFAULT_LANG;
}

/** `@ReaderLanguage() lang: Lang` in a controller method. */
export const ReaderLanguage = createParamDecorator((_data: unknown, ctx: ExecutionContext): Lang =>
  readerLanguage(ctx.switchToHttp().getRequest<Request>()),
);
