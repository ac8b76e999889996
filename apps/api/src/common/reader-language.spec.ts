import { readerLanguage } from './reader-language';

const req = (query: Record<string, unknown>, accept?: string) =>
  ({ query, headers: accept === undefined ? {} : { 'accept-language': accept } }) as never;

describe('readerLanguage', () => {
  it.each([
    [{}, undefined, 'en'],
    [{}, 'zh-CN', 'zh'],
    [{}, 'zh-CN,zh;q=0.9,en;q=0.8', 'zh'],
    [{}, 'en-GB,zh;q=0.5', 'en'],
    [{}, 'fr-FR,zh;q=0.4', 'zh'],
    [{}, 'fr-FR,de', 'en'],
    [{}, 'zh;q=0,en;q=0.1', 'en'],
    [{ lang: 'zh' }, 'en', 'zh'],
    [{ lang: 'EN' }, 'zh-CN', 'en'],
    [{ lang: 'xx' }, 'zh-TW', 'zh'],
  ])('%j with Accept-Language %s reads %s', (query, accept, expected) => {
    expect(readerLanguage(req(query, accept))).toBe(expected);
  });
});
