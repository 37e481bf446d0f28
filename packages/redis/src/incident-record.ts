import { type Alert, createAlert } from '@tocsin/core';

/** One fingerprint's alerts in one turn of the event loop, as replicas tell each other. */
export interface Recorded {
  readonly fp: string;
  /** How many alerts of it. */
  readonly n: number;
  /** Epoch ms of the first of them and of the last. */
  readonly f: number;
  readonly l: number;
  /** The last of them, as `send` takes it. */
  readonly a: {
    id: string;
    title: string;
    body: string;
    level: number;
    labels: Record<string, string>;
    timestamp: number;
    source?: string;
  };
}

/** A fingerprint's entry in the Redis hash: its record, with the count of every replica. */
export type Stored = Omit<Recorded, 'fp'> & {
  /** When it was last written, on the Redis server's clock (epoch ms). */
  readonly t: number;
  /** The same in microseconds: the `w` of the message of that write. */
  readonly u?: number;
};

export interface Message {
  /**
   * When Redis took the write, on its clock (epoch microseconds; added by the script): a
   * replica that read a fingerprint's record of that write or a later one already counts it.
   */
  readonly w?: number;
  readonly from: string;
  readonly recorded: readonly Recorded[];
  readonly resolved: readonly string[];
}

/** What replicas tell of `alert`, the last of `n` alerts of `fp` in a turn whose first came at `first` (epoch ms). */
export function recordOf(fp: string, n: number, first: number, alert: Alert): Recorded {
  const a = {
    id: alert.id,
    title: alert.title,
    body: alert.body,
    level: alert.level,
    labels: { ...alert.labels },
    timestamp: alert.timestamp.getTime(),
    ...(alert.source === undefined ? {} : { source: alert.source }),
  };
  return { fp, n, f: first, l: a.timestamp, a };
}

/** The alert of a record another replica wrote, under its fingerprint (whatever this manager's rule would make of it). */
export function alertOf(fp: string, { a }: Pick<Recorded, 'a'>): Alert | undefined {
  try {
    return createAlert({ ...a, timestamp: new Date(a.timestamp), dedupKey: fp });
  } catch {
    return undefined;
  }
}
