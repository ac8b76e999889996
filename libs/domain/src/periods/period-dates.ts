// The first and last day of a period "YYYY-MM", as ISO dates.
export function periodBounds(period: string): { first: string; last: string } {
  const [y, m] = period.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(days).padStart(2, '0')}` };
}
