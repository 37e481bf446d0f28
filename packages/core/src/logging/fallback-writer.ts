/**
 * Where a logging bridge reports Tocsin's own problems (a failed delivery, a dropped
 * record): never the logger the bridge listens to, so a problem cannot loop back in.
 */
export type FallbackWriter = (line: string) => void;

/** The default: one line on stderr, prefixed `tocsin:`. A failing stderr is ignored. */
export const stderrFallback: FallbackWriter = (line) => {
  try {
    process.stderr.write(`tocsin: ${line}\n`);
  } catch {
    // Nowhere left to report to; the logging call must not throw.
  }
};

/** A writer that never throws, whatever `writer` does. */
export function safeWriter(writer: FallbackWriter): FallbackWriter {
  return (line) => {
    try {
      writer(line);
    } catch {
      stderrFallback(line);
    }
  };
}
