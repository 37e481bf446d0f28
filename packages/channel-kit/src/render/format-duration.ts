/** Largest first: a duration shows the largest unit it reaches and the one after. */
const UNITS = [
  { name: 'd', ms: 86_400_000 },
  { name: 'h', ms: 3_600_000 },
  { name: 'min', ms: 60_000 },
  { name: 's', ms: 1000 },
] as const;

/**
 * A duration as a person reads it in a notification: its largest unit and the next one,
 * in whole units, rounded down ("2 d 4 h", "3 h 5 min", "12 min 30 s", "45 s"). The second
 * unit is left out when it is zero ("3 h"). Under a second, and a negative or non-finite
 * value (clocks may disagree), is "less than 1 s".
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 1000) return 'less than 1 s';
  const i = UNITS.findIndex((unit) => ms >= unit.ms);
  const large = UNITS[i] ?? UNITS[3];
  const text = `${Math.floor(ms / large.ms)} ${large.name}`;
  const small = UNITS[i + 1];
  if (small === undefined) return text;
  const rest = Math.floor((ms % large.ms) / small.ms);
  return rest === 0 ? text : `${text} ${rest} ${small.name}`;
}
