/**
 * The Redis keys of two-way messaging, all under QUEUE_PREFIX. Stored in Redis: renaming one
 * needs a migration.
 *
 * | key | type | holds | expires |
 * | --- | --- | --- | --- |
 * | `<p>:inbound:msg:<id>` | string | one received SMS (`InboundMessage` JSON) | MESSAGE_RETENTION_DAYS |
 * | `<p>:inbound:index` | sorted set | every received SMS id; score = storage order | pruned past retention |
 * | `<p>:inbound:from:<number>` | sorted set | the same, per sender (`comparableNumber`) | pruned past retention |
 * | `<p>:inbound:seq` | string | counter that keeps scores unique within a millisecond | never |
 * | `<p>:inbound:parts:<modem>:<group>` | hash | parts of a concatenated SMS still waiting for the others | INBOUND_PART_WAIT_MS + a day |
 * | `<p>:inbound:groups:<modem>` | sorted set | those groups; score = when the first part was read | entries removed once stored |
 * | `<p>:opt-outs` | hash | `comparableNumber` → `OptOutRecord` JSON | never |
 * | `<p>:delivery:<messageId>` | hash | a sent message's recipient, references, each part's report, its final delivery | retention (at least the report window) |
 * | `<p>:sent-to:<last 8 digits>` | sorted set | sent message ids by recipient; score = sent time (ms) | report / reply window |
 */
export const twoWayKeys = (prefix: string) => ({
  inboundMessage: (id: string) => `${prefix}:inbound:msg:${id}`,
  inboundIndex: `${prefix}:inbound:index`,
  inboundFrom: (comparable: string) => `${prefix}:inbound:from:${comparable}`,
  inboundSeq: `${prefix}:inbound:seq`,
  pendingParts: (modemId: string, group: string) => `${prefix}:inbound:parts:${modemId}:${group}`,
  pendingGroups: (modemId: string) => `${prefix}:inbound:groups:${modemId}`,
  optOuts: `${prefix}:opt-outs`,
  delivery: (messageId: string) => `${prefix}:delivery:${messageId}`,
  sentTo: (tail: string) => `${prefix}:sent-to:${tail}`,
});
