// What the two survey pages share: the survey API's bilingual messages shown in one language.
import { getLang } from './i18n.js';

/**
 * The survey API's messages say each thing twice, "中文 / English" (a field's name first when it has one): a refusal
 * is shown in the reader's language only.
 */
export function oneLanguage(text) {
  if (!text) return text;
  const zh = getLang() === 'zh';
  return String(text)
    .split(' — ')
    .map((part) => {
      const m = /^([\w.[\]-]+: )?(.*?[\u3400-\u9fff].*?) \/ (.+)$/su.exec(part);
      if (!m) return part;
      return zh ? `${m[1] ?? ''}${m[2]}` : `${m[1] ?? ''}${m[3]}`;
    })
    .join(' — ');
}
