/** Discord's limits on a webhook message (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = Object.freeze({
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Characters across every embed of one message: titles, descriptions, fields, footers. */
  embedsTotal: 6000,
  embeds: 10,
  content: 2000,
  /** A digest entry's title and service, before escaping. */
  digestTitle: 200,
  /** Hosts listed per digest entry. */
  digestCounts: 10,
});
