/**
 * An SNS message's subject, in a module of its own (./sns-message.ts re-exports it): the runaway alert
 * (./runaway-message.ts) writes one without loading the digest's renderers.
 */

/** SNS: "must be less than 100 characters", no line breaks or control characters. */
export const SNS_MAX_SUBJECT_CHARS = 99;

/** Any text as an SNS subject: one line, no control characters, under 100 characters. */
export function snsSubject(raw: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what SNS forbids in a subject
  const oneLine = raw.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...oneLine];
  return chars.length <= SNS_MAX_SUBJECT_CHARS ? oneLine : `${chars.slice(0, SNS_MAX_SUBJECT_CHARS - 3).join('').trimEnd()}...`;
}
