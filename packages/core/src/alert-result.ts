/**
 * What became of one alert on one channel entry. `filtered` alerts are counted in the
 * stats but get no result. `deduplicated`: its fingerprint was notified within the entry's
 * repeat interval. `grouped`: it rides in a digest sent later (`digestId`; the digest's own
 * result comes with the manager's `digest` event). `silenced`: an active silence matched
 * it (`manager.silence()`). `inhibited`: a firing alert inhibits it (`inhibitRules`).
 * `muted`: it came inside a mute time interval of the entry, or outside its active ones.
 * `circuit_open`: the entry's circuit breaker is open (its channel kept failing): no request
 * was made.
 */
export type AlertStatus =
  | 'sent'
  | 'failed'
  | 'throttled'
  | 'filtered'
  | 'silenced'
  | 'inhibited'
  | 'muted'
  | 'deduplicated'
  | 'grouped'
  | 'circuit_open';

/** What became of one alert on one channel entry. */
export interface AlertResult {
  /** The entry's key (the channel's name unless `addChannel` was given another). */
  channel: string;
  /** The channel's own name (`'email'`). */
  channelName: string;
  /** The alert's stable id (a digest's id, for a digest). */
  alertId: string;
  /** The fingerprint the entry used: the alert's own, or the entry's rule's. */
  fingerprint: string;
  success: boolean;
  status: Exclude<AlertStatus, 'filtered'>;
  /** Attempts made: 0 when a stage stopped it (silenced, inhibited, muted, throttled, deduplicated, grouped, circuit_open), up to 1 + maxRetries. */
  attempts: number;
  /** For `grouped`: the digest the alert rides in. */
  digestId?: string;
  /** The remote's message id, when it gave one. */
  messageId?: string;
  /** Recipients the remote refused while accepting the message for the others (email). */
  rejected?: string[];
  /**
   * Why it failed or a stage stopped it; for an alert a fallback tier delivered, why the
   * entry's own delivery did not. Safe to log (secrets redacted).
   */
  error?: string;
  /**
   * For an alert a fallback tier delivered: which tier (1 for the entry's first fallback)
   * and that tier's entry key. Absent when the entry delivered it itself.
   */
  tier?: number;
  deliveredBy?: string;
  /** The entry is `optional`: its failure alone does not make the send fail (see `sendFailures`). */
  optional?: true;
  /** Wall time from the first attempt to the outcome, in milliseconds. */
  durationMs: number;
}

/**
 * The results that make a send fail: an alert not delivered (`failed`, `circuit_open`) on
 * an entry that is not `optional`. A fallback tier's delivery counts as delivered; throttled,
 * grouped, deduplicated and the other stages' statuses are the policy working, not failures.
 */
export function sendFailures(results: readonly AlertResult[]): AlertResult[] {
  return results.filter(
    (result) =>
      result.optional !== true && (result.status === 'failed' || result.status === 'circuit_open'),
  );
}
