import { MemorySilenceStore, type SilenceInput, Silences } from '../lifecycle/silences.js';
import { formatPath } from './config-path.js';
import type { ConfigFile } from './config-schema.js';
import type { ResolveContext } from './resolve-config.js';

type FileSilence = NonNullable<ConfigFile['alerts']['silences']>[number];

/**
 * `alerts.silences` as `manager.silence()` takes them, each checked as it will be: a silence
 * that would match every alert, or ends before it starts, is an error at its path; one that
 * has already ended is left out with a warning (an old silence kept in a file is harmless).
 */
export function resolveSilences(
  file: readonly FileSilence[],
  context: ResolveContext,
): SilenceInput[] {
  const out: SilenceInput[] = [];
  const scratch = new Silences(new MemorySilenceStore(), Date.now);
  file.forEach((silence, index) => {
    const input: SilenceInput = {
      matchers: silence.matchers,
      ...(silence.until === undefined ? {} : { until: silence.until as string | number | Date }),
      ...(silence.duration === undefined ? {} : { duration: silence.duration }),
      ...(silence.starts_at === undefined
        ? {}
        : { startsAt: silence.starts_at as string | number | Date }),
      ...(silence.comment === undefined ? {} : { comment: silence.comment }),
      ...(silence.created_by === undefined ? {} : { createdBy: silence.created_by }),
    };
    const path = formatPath(context.originOf(['silences', index]).path);
    try {
      scratch.add(input);
      out.push(input);
    } catch (error) {
      const message = (error as Error).message;
      if (message === 'a silence must end in the future')
        context.logger.warn(`${path}: the silence has ended; left out`);
      else context.issues.push({ path, message });
    }
  });
  return out;
}
