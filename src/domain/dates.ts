/** Month abbreviations for dates written for people ("5 Dec 2026"). */
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "5 Dec 2026" from an ISO date or timestamp (UTC): the one way a date is written in the advice and the report. */
export function humanDate(iso: string): string {
  const t = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]} ${t.getUTCFullYear()}`;
}
