import type { AlertRecord, TakenEntry, TakenWindow } from '@tocsin/core';

/** A taken window from its hash's fields (`<tag>\0<fingerprint>[\0<value>]`). */
export function readWindow(id: string, reply: ReadonlyArray<string | number>): TakenWindow {
  const now = Number(reply[0]);
  const fields = new Map<string, string>();
  for (let i = 1; i + 1 < reply.length; i += 2) fields.set(String(reply[i]), String(reply[i + 1]));
  const entries: TakenEntry[] = [];
  const counts = new Map<string, Array<readonly [string, number]>>();
  for (const [field, value] of fields) {
    if (!field.startsWith('v\0')) continue;
    const at = field.indexOf('\0', 2);
    const fingerprint = field.slice(2, at);
    let list = counts.get(fingerprint);
    if (list === undefined) {
      list = [];
      counts.set(fingerprint, list);
    }
    list.push([field.slice(at + 1), Number(value)]);
  }
  for (const [field, value] of fields) {
    if (!field.startsWith('a\0')) continue;
    const fingerprint = field.slice(2);
    entries.push({
      fingerprint,
      alert: JSON.parse(value) as AlertRecord,
      count: Number(fields.get(`n\0${fingerprint}`)),
      firstEpoch: Number(fields.get(`f\0${fingerprint}`)),
      lastEpoch: Number(fields.get(`l\0${fingerprint}`)),
      counts: counts.get(fingerprint) ?? [],
    });
  }
  // A hash keeps no order: first seen first, as a local batch lists them.
  entries.sort((a, b) => a.firstEpoch - b.firstEpoch);
  return {
    id,
    count: Number(fields.get('count')),
    openedAgoMs: now - Number(fields.get('opened')),
    entries,
    otherAlerts: Number(fields.get('other') ?? 0),
  };
}
