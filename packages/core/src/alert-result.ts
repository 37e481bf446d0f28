/**
 * What became of one alert on one channel entry. `filtered` alerts are counted in the
 * stats but get no result; later stages add their statuses here (silenced, deduplicated,
 * grouped, circuit_open).
 */
export type AlertStatus = 'sent' | 'failed' | 'throttled' | 'filtered';

/** What became of one alert on one channel entry. */
export interface AlertResult {
  /** The entry's key (the channel's name unless `addChannel` was given another). */
  channel: string;
  /** The channel's own name (`'email'`). */
  channelName: string;
  /** The alert's stable id. */
  alertId: string;
  success: boolean;
  status: Exclude<AlertStatus, 'filtered'>;
  /** Attempts made: 0 when a stage stopped it (throttled), up to 1 + maxRetries. */
  attempts: number;
  /** The remote's message id, when it gave one. */
  messageId?: string;
  /** Recipients the remote refused while accepting the message for the others (email). */
  rejected?: string[];
  /** Why it failed or was throttled; safe to log (secrets redacted). */
  error?: string;
  /** Wall time from the first attempt to the outcome, in milliseconds. */
  durationMs: number;
}
