// The page address printed by `npm start` and the demo.
import { networkInterfaces } from 'node:os';
import { pageAddresses, pageAddressLine } from './page-address';

describe('pageAddresses', () => {
  it('names localhost and every own IPv4 address when listening on all interfaces', () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === 'IPv4')
      .map((a) => `http://${a!.address}:3000/app/`);
    expect(pageAddresses('0.0.0.0', 3000)).toEqual(['http://localhost:3000/app/', ...own]);
  });

  it('names the one address listened on, and PUBLIC_URL before anything', () => {
    expect(pageAddresses('127.0.0.1', 8080)).toEqual(['http://localhost:8080/app/']);
    expect(pageAddresses('10.0.0.5', 8080)).toEqual(['http://10.0.0.5:8080/app/']);
    expect(pageAddresses('0.0.0.0', 3000, 'https://scorecard.example.cn')).toEqual([
      'https://scorecard.example.cn/app/',
    ]);
    expect(pageAddresses('0.0.0.0', 3000, 'https://intranet.example.cn/scorecard')).toEqual([
      'https://intranet.example.cn/scorecard/app/',
    ]);
  });

  it('prints one line, the other addresses for another computer', () => {
    expect(pageAddressLine(['http://localhost:3000/app/'])).toBe(
      'Open the pages at http://localhost:3000/app/',
    );
    expect(pageAddressLine(['http://localhost:3000/app/', 'http://10.0.0.5:3000/app/'])).toBe(
      'Open the pages at http://localhost:3000/app/ (from another computer: http://10.0.0.5:3000/app/)',
    );
  });
});
