// The address of the web pages, as `npm start` and the demo print it: PUBLIC_URL's when given; else the listening
// address, and when the API listens on every interface, localhost and each of the machine's own addresses, so
// that a user on another computer of the intranet knows what to type.
import { networkInterfaces } from 'node:os';
import { WEB_ROUTE } from '../web/web-root';

const ANY = new Set(['0.0.0.0', '::', '']);

/** `http://host:port/app/` for each address the pages can be opened at; the first is the one to show first. */
export function pageAddresses(host: string, port: number, publicUrl: string | null = null): string[] {
  if (publicUrl)
    return [new URL(`${WEB_ROUTE.slice(1)}/`, publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`).href];
  const at = (h: string) => `http://${h.includes(':') ? `[${h}]` : h}:${port}${WEB_ROUTE}/`;
  if (!ANY.has(host)) return [at(host === '127.0.0.1' || host === '::1' ? 'localhost' : host)];
  const own = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && !a.internal && a.family === 'IPv4')
    .map((a) => a!.address);
  return [at('localhost'), ...own.map(at)];
}

/** One line: "Open the pages at …" (and, for the other addresses, "from another computer: …"). */
export function pageAddressLine(addresses: string[]): string {
  const [first, ...others] = addresses;
  return (
    `Open the pages at ${first}` + (others.length ? ` (from another computer: ${others.join(', ')})` : '')
  );
}
