import { AcceptedAlert, NoticeAlert } from '../accepted-alert.js';
import type { Alert } from '../alert.js';
import type { AlertLevel } from '../alert-level.js';
import type { Digest, DigestEntry } from '../digest.js';
import { hash64 } from '../fingerprint.js';
import { plural } from '../plural.js';

/** Lines of the plain-text summary and details; the rest is counted, not listed. */
const SUMMARY_LINES = 200;
const DETAILED_ENTRIES = 50;
/** Characters of each alert's body in the details. */
const DETAIL_BODY_CHARS = 2000;
/** Characters of a title or service name in a summary line. */
const LINE_CHARS = 500;
/** Service names in the title before "+N more". */
const TITLE_SERVICES = 5;

const REASON_NOTES: Partial<Record<Digest['reason'], string>> = {
  threshold: 'threshold exceeded',
  buffer: 'buffered',
  close: 'sent on close',
};

/**
 * A digest as an alert any channel can send: failnozzle's summary as title and body ("5
 * instances of 2 unique alerts (service1, service2)", then a summary line per fingerprint
 * and the details with first and last seen and per-host counts), the highest level of its
 * alerts, the group's labels, and the digest itself for channels that render it richly.
 */
export function digestAlert(digest: Digest, burst: boolean): Alert {
  const title = burst ? burstTitle(digest) : groupTitle(digest);
  let level = 10 as AlertLevel;
  for (const entry of digest.entries) if (entry.alert.level > level) level = entry.alert.level;
  const labels = Object.freeze({ ...digest.groupLabels });
  const fingerprint = hash64(`digest\u0000${JSON.stringify(Object.entries(labels))}`);
  const base = new AcceptedAlert(
    digest.id,
    title,
    title,
    digestBody(digest),
    level,
    labels,
    undefined,
    digest.lastSeen.getTime(),
    undefined,
    undefined,
    fingerprint,
  );
  return new NoticeAlert(base, fingerprint, undefined, digest);
}

/** "5 instances of 2 unique alerts (service1, service2)". */
export function groupTitle(digest: Digest): string {
  const unique = digest.entries.length + (digest.otherAlerts > 0 ? 1 : 0);
  const onClose = digest.reason === 'close' ? ' (sent on close)' : '';
  return `${plural(digest.total, 'instance')} of ${plural(unique, 'unique alert')}${serviceNames(digest.entries)}${onClose}`;
}

/** "5 alerts (threshold exceeded)": AlpineBits' subject. */
export function burstTitle(digest: Digest): string {
  const note = REASON_NOTES[digest.reason] ?? digest.reason;
  return `${plural(digest.total, 'alert')} (${note})${serviceNames(digest.entries)}`;
}

function serviceNames(entries: readonly DigestEntry[]): string {
  const names = new Set<string>();
  for (const entry of entries) {
    const name = entry.alert.labels.service ?? entry.alert.source;
    if (name !== undefined) names.add(name);
  }
  if (names.size === 0) return '';
  const shown = [...names].slice(0, TITLE_SERVICES).map(cut).join(', ');
  return ` (${shown}${names.size > TITLE_SERVICES ? `, +${names.size - TITLE_SERVICES} more` : ''})`;
}

/** "4X Exception in view (in service1)": one summary line. */
export function summaryLine(entry: DigestEntry): string {
  const name = entry.alert.labels.service ?? entry.alert.source;
  const title = cut(entry.alert.formattedTitle);
  return `${entry.count}X ${title}${name === undefined ? '' : ` (in ${cut(name)})`}`;
}

/** At most `LINE_CHARS`, with a visible marker when cut. */
function cut(text: string): string {
  return text.length > LINE_CHARS ? `${text.slice(0, LINE_CHARS)} [...]` : text;
}

/** failnozzle's text: the summary, then the details of each fingerprint. */
export function digestBody(digest: Digest): string {
  const { entries } = digest;
  const lines = ['Summary:'];
  for (const entry of entries.slice(0, SUMMARY_LINES)) lines.push(summaryLine(entry));
  const unlisted = entries.length - SUMMARY_LINES;
  if (unlisted > 0) lines.push(`... and ${plural(unlisted, 'more unique alert')}`);
  if (digest.otherAlerts > 0)
    lines.push(`... and ${plural(digest.otherAlerts, 'alert')} of other kinds, not kept apart`);
  lines.push('', 'Details:');
  const detailed = entries.slice(0, DETAILED_ENTRIES);
  detailed.forEach((entry, i) => {
    lines.push(
      '',
      `Alert #${i + 1} of ${entries.length}: ${summaryLine(entry)}`,
      `Seen between ${entry.firstSeen.toISOString()} and ${entry.lastSeen.toISOString()}`,
    );
    for (const [value, count] of entry.counts)
      lines.push(
        value === '' ? `- on other ${digest.countBy}s, ${count}X` : `- on ${cut(value)}, ${count}X`,
      );
    const body = entry.alert.body;
    if (body !== '')
      lines.push(
        '',
        body.length > DETAIL_BODY_CHARS ? `${body.slice(0, DETAIL_BODY_CHARS)} [...]` : body,
      );
  });
  if (entries.length > DETAILED_ENTRIES)
    lines.push('', `(details of ${entries.length - DETAILED_ENTRIES} more unique alerts left out)`);
  return lines.join('\n');
}
