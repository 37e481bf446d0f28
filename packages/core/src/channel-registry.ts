import type { Channel } from './channel.js';
import type { ChannelEntry } from './channel-entry.js';
import { TocsinError } from './errors/tocsin-error.js';

/**
 * The manager's channel entries, in registration order: keys made unique, and the lookup
 * `send(alert, { channel })` uses (by key, else alias, else the channel's name).
 */
export class ChannelRegistry {
  private list: ChannelEntry[] = [];

  /** The entries now; a removal makes a new list, so a send in progress keeps its own. */
  get entries(): readonly ChannelEntry[] {
    return this.list;
  }

  /**
   * The key a new entry gets: `requested`, else `name` suffixed `-2`, `-3`... when taken.
   * @throws TypeError for an empty key; TocsinError when `requested` is taken.
   */
  keyFor(requested: string | undefined, name: string): string {
    const key = requested ?? this.freeKey(name);
    if (typeof key !== 'string' || key === '')
      throw new TypeError('`key` must be a non-empty string');
    if (this.list.some((entry) => entry.key === key)) {
      throw new TocsinError(
        `A channel with key "${key}" is already registered; give this one another \`key\``,
        'TOCSIN_DUPLICATE_CHANNEL',
      );
    }
    return key;
  }

  add(entry: ChannelEntry): void {
    this.list.push(entry);
  }

  /** Take out the entry with this key; returns it, or undefined when there was none. */
  remove(key: string): ChannelEntry | undefined {
    const removed = this.list.find((entry) => entry.key === key);
    if (removed !== undefined) this.list = this.list.filter((entry) => entry !== removed);
    return removed;
  }

  /**
   * Entries matching `name` by key, else alias, else channel name; by channel name, only
   * the first entry of each channel (one registered on several entries, as the config's
   * routes do, gets the alert once). None when nothing matches.
   */
  find(name: string): ChannelEntry[] {
    const byKey = this.list.filter((entry) => entry.key === name);
    if (byKey.length > 0) return byKey;
    const byAlias = this.list.filter((entry) => entry.alias === name);
    if (byAlias.length > 0) return byAlias;
    const channels = new Set<Channel>();
    return this.list.filter((entry) => {
      if (entry.channel.name !== name || channels.has(entry.channel)) return false;
      channels.add(entry.channel);
      return true;
    });
  }

  /** `find`, or an error listing the keys. @throws TocsinError TOCSIN_UNKNOWN_CHANNEL */
  resolve(name: string): ChannelEntry[] {
    const found = this.find(name);
    if (found.length > 0) return found;
    const known = this.list.map((entry) => entry.key).join(', ') || 'none registered';
    throw new TocsinError(
      `No channel matches "${name}" by key, alias or name (keys: ${known})`,
      'TOCSIN_UNKNOWN_CHANNEL',
    );
  }

  private freeKey(name: string): string {
    let key = name;
    for (let n = 2; this.list.some((entry) => entry.key === key); n++) key = `${name}-${n}`;
    return key;
  }
}
