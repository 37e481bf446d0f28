import { TRUNCATION_MARKER, truncateChars } from '@tocsin/channel-kit';

/**
 * How much of an alert a JSON body carries. `fitBody` lowers them, step by step, until the
 * body fits `maxBodyBytes`: first the digest entries, then the texts and labels.
 */
export interface PayloadLimits {
  /** Digest entries listed, the largest first; the rest are counted. */
  readonly entries: number;
  /** Characters of each text (title, body, label value); longer ends in the marker. */
  readonly textChars: number;
  /** Labels of each label set; the rest are left out (the payload says `truncated`). */
  readonly labels: number;
}

/** Everything: what a body carries while it fits. */
export const FULL_PAYLOAD: PayloadLimits = {
  entries: Number.POSITIVE_INFINITY,
  textChars: Number.POSITIVE_INFINITY,
  labels: Number.POSITIVE_INFINITY,
};

/**
 * The steps texts and labels are cut to when dropping digest entries does not bring a body
 * within `maxBodyBytes` (whose default, 1 MiB, and range, 4 KiB..16 MiB, are the option's).
 */
export const WEBHOOK_BODY_LIMITS = {
  /** Each step: characters per text, labels per label set. */
  steps: [
    { textChars: 16_384, labels: 200 },
    { textChars: 2048, labels: 100 },
    { textChars: 256, labels: 30 },
    { textChars: 64, labels: 10 },
  ],
} as const;

/** Cuts the texts and label sets of one payload to `limits`, and remembers whether it did. */
export class PayloadCutter {
  /** True once any text or label set was cut. */
  cut = false;

  constructor(readonly limits: PayloadLimits) {}

  text(value: string): string {
    if (value.length <= this.limits.textChars) return value;
    this.cut = true;
    return truncateChars(value, this.limits.textChars, TRUNCATION_MARKER);
  }

  labels(labels: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    let n = 0;
    for (const [name, value] of Object.entries(labels)) {
      if (n++ >= this.limits.labels) {
        this.cut = true;
        break;
      }
      out[this.text(name)] = this.text(value);
    }
    return out;
  }
}
