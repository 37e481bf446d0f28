/*
 * The Lua script of `RedisIncidentStore`'s writes. What fires is a hash (fingerprint -> the
 * record replicas tell each other, with its count, first and last epochs, and `t` the server
 * time of its last write) beside a sorted set of the same fingerprints by that time: Redis 7.0
 * has no HEXPIRE, so the sorted set says what is past the resolve timeout and what is oldest.
 * Both keys expire a timeout after the last write, so nothing stays once all is quiet. A
 * replica that catches up reads the hash with HSCAN (a script reading 100,000 incidents would
 * hold the server for most of a second) and leaves out what `t` says is past the timeout.
 */

/** Drops the fingerprints in `fps` from `hash` and `zset`, a thousand at a time (Lua's `unpack` has a limit); then trims what is past the timeout. */
const FORGET = `
local function forget(hash, zset, fps)
  for i = 1, #fps, 1000 do
    local last = math.min(i + 999, #fps)
    redis.call('HDEL', hash, unpack(fps, i, last))
    redis.call('ZREM', zset, unpack(fps, i, last))
  end
end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local us = string.format('%.0f', tonumber(t[1]) * 1000000 + tonumber(t[2]))
local timeout = tonumber(ARGV[1])
forget(KEYS[1], KEYS[2], redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - timeout))
`;

/**
 * One turn of a replica: resolve, then record, keep at most `max` (the oldest go), publish.
 * KEYS[1] the hash, KEYS[2] the sorted set. ARGV timeout ms, max fingerprints, channel,
 * message, how many resolved R, the R resolved fingerprints, then for each recorded one:
 * fingerprint, count, first epoch, last epoch, alert JSON. A fingerprint already firing adds
 * its count and keeps its first epoch. The records and the message carry the write's time in
microseconds (\`u\`, \`w\`), so a replica that read a record knows which messages it holds.
Returns the number of fingerprints kept.
 */
export const WRITE_SCRIPT = `${FORGET}
local resolved = tonumber(ARGV[5])
local gone = {}
for i = 1, resolved do gone[i] = ARGV[5 + i] end
forget(KEYS[1], KEYS[2], gone)
for i = 6 + resolved, #ARGV, 5 do
  local fp = ARGV[i]
  local n = tonumber(ARGV[i + 1])
  local first = tonumber(ARGV[i + 2])
  local last = tonumber(ARGV[i + 3])
  local old = redis.call('HGET', KEYS[1], fp)
  if old then
    local was = cjson.decode(old)
    n = n + was.n
    if was.f < first then first = was.f end
    if was.l > last then last = was.l end
  end
  local record = string.format('{"n":%d,"f":%d,"l":%d,"t":%d,"u":%s,"a":%s}', n, first, last, now, us, ARGV[i + 4])
  redis.call('HSET', KEYS[1], fp, record)
  redis.call('ZADD', KEYS[2], now, fp)
end
local kept = redis.call('ZCARD', KEYS[2])
local max = tonumber(ARGV[2])
if kept > max then
  forget(KEYS[1], KEYS[2], redis.call('ZRANGE', KEYS[2], 0, kept - max - 1))
  kept = max
end
if kept > 0 then
  redis.call('PEXPIRE', KEYS[1], timeout)
  redis.call('PEXPIRE', KEYS[2], timeout)
end
-- The message (a JSON object) gets the write's time: {"w":<us>,...}.
redis.call('PUBLISH', ARGV[3], '{"w":' .. us .. ',' .. string.sub(ARGV[4], 2))
return kept
`;
