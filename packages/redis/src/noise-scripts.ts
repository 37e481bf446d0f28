/*
 * The Lua scripts of `RedisNoiseStore`: each step that must be atomic across replicas is
 * one script. Every key they write expires (nothing stays behind once a fingerprint or a
 * group is quiet). Fields of a window hash that name a fingerprint are `<tag>\0<fingerprint>`.
 */

/**
 * Claim a fingerprint for a repeat interval (`SET NX PX`), or count the alert as held.
 * KEYS[1] the claim, KEYS[2] the held count (hash: n, s). ARGV ttl ms, extend (1: a refused
 * claim is kept `ttl` more), the alert's epoch ms.
 * Returns {1, held, since} for a claim (then the held count starts again), {0, 0, '0'} when refused.
 */
export const CLAIM_SCRIPT = `
local ttl = tonumber(ARGV[1])
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ttl) then
  local held = redis.call('HMGET', KEYS[2], 'n', 's')
  redis.call('DEL', KEYS[2])
  return {1, tonumber(held[1]) or 0, held[2] or '0'}
end
if ARGV[2] == '1' then redis.call('PEXPIRE', KEYS[1], ttl) end
if redis.call('HINCRBY', KEYS[2], 'n', 1) == 1 then redis.call('HSET', KEYS[2], 's', ARGV[3]) end
redis.call('PEXPIRE', KEYS[2], 2 * ttl)
return {0, 0, '0'}
`;

/**
 * A claimed notification was not delivered: end the claim, hold its alerts again.
 * KEYS[1] the claim, KEYS[2] the held count. ARGV ttl ms, count, since (epoch ms).
 */
export const RELEASE_SCRIPT = `
redis.call('DEL', KEYS[1])
redis.call('HINCRBY', KEYS[2], 'n', ARGV[2])
local since = tonumber(redis.call('HGET', KEYS[2], 's'))
if since == nil or tonumber(ARGV[3]) < since then redis.call('HSET', KEYS[2], 's', ARGV[3]) end
redis.call('PEXPIRE', KEYS[2], 2 * tonumber(ARGV[1]))
return 1
`;

/**
 * Add one alert to a group's window, opening it (with ARGV id, at the server's time) when
 * none is. KEYS[1] the window (hash), KEYS[2] the group's last flush (server ms).
 * ARGV id, fingerprint, epoch, has value (1/0), value, alert JSON, ttl ms, most
 * fingerprints kept apart, most values counted apart per fingerprint.
 * Returns {id, count, ms since it opened, ms since the last flush or -1}.
 */
export const ADD_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local w = KEYS[1]
if redis.call('HSETNX', w, 'id', ARGV[1]) == 1 then redis.call('HSET', w, 'opened', now) end
local state = redis.call('HMGET', w, 'id', 'opened')
local count = redis.call('HINCRBY', w, 'count', 1)
local fp = ARGV[2]
local epoch = tonumber(ARGV[3])
local n = 'n\\0' .. fp
local kept = redis.call('HEXISTS', w, n) == 1
if not kept then
  if tonumber(redis.call('HGET', w, 'fps') or '0') >= tonumber(ARGV[8]) then
    redis.call('HINCRBY', w, 'other', 1)
  else
    redis.call('HINCRBY', w, 'fps', 1)
    redis.call('HSET', w, 'a\\0' .. fp, ARGV[6], 'f\\0' .. fp, ARGV[3], 'l\\0' .. fp, ARGV[3])
    kept = true
  end
end
if kept then
  redis.call('HINCRBY', w, n, 1)
  if epoch < tonumber(redis.call('HGET', w, 'f\\0' .. fp)) then redis.call('HSET', w, 'f\\0' .. fp, ARGV[3]) end
  if epoch > tonumber(redis.call('HGET', w, 'l\\0' .. fp)) then redis.call('HSET', w, 'l\\0' .. fp, ARGV[3]) end
  if ARGV[4] == '1' then
    local v = 'v\\0' .. fp .. '\\0' .. ARGV[5]
    if redis.call('HEXISTS', w, v) == 0 then
      if redis.call('HINCRBY', w, 'c\\0' .. fp, 1) > tonumber(ARGV[9]) then v = 'v\\0' .. fp .. '\\0' end
    end
    redis.call('HINCRBY', w, v, 1)
  end
end
local ttl = tonumber(ARGV[7])
if redis.call('PTTL', w) < ttl then redis.call('PEXPIRE', w, ttl) end
local flushed = redis.call('GET', KEYS[2])
local ago = -1
if flushed then ago = now - tonumber(flushed) end
return {state[1], count, now - tonumber(state[2]), ago}
`;

/**
 * Take window ARGV[1] whole and delete it; remember the flush ARGV[2] ms.
 * KEYS[1] the window, KEYS[2] the group's last flush.
 * Returns {now, fields...} (HGETALL), or nil when the window is not (or no longer) that one.
 */
export const TAKE_SCRIPT = `
if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return false end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
redis.call('SET', KEYS[2], now, 'PX', ARGV[2])
table.insert(all, 1, now)
return all
`;
