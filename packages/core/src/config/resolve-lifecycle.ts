import { Firing } from '../lifecycle/firing.js';
import { Inhibitions, type InhibitRule } from '../lifecycle/inhibition.js';
import { MemorySilenceStore, type SilenceInput, Silences } from '../lifecycle/silences.js';
import { formatPath } from './config-path.js';
import type { ConfigFile } from './config-schema.js';
import { fileSpelling } from './file-options.js';
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

type FileInhibitRule = NonNullable<ConfigFile['alerts']['inhibit_rules']>[number];

/** `alerts.inhibit_rules` as `AlertManager` takes them; the file schema has checked each matcher. */
export function resolveInhibitRules(
  file: readonly FileInhibitRule[],
  context: ResolveContext,
): InhibitRule[] {
  const rules = file.map((rule) => ({
    sourceMatchers: rule.source_matchers,
    targetMatchers: rule.target_matchers,
    ...(rule.equal === undefined ? {} : { equal: rule.equal }),
  }));
  rules.forEach((rule, index) => {
    try {
      new Inhibitions([rule], new Firing(1, 1));
    } catch (error) {
      context.issues.push({
        path: formatPath(context.originOf(['inhibit_rules', index]).path),
        message: fileSpelling((error as Error).message.replace(/^inhibit rule 0: /, '')),
      });
    }
  });
  return rules;
}
