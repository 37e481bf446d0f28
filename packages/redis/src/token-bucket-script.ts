/**
 * One atomic take from a token bucket kept in a Redis hash, with kstlib's semantics:
 * capacity `rate`, refilled at `rate / per` tokens per second, a new bucket starting with
 * `burst` tokens. Time is the server's (`TIME`, microseconds), so the clocks of the
 * replicas sharing the bucket do not matter. Redis 5+ replicates a script by its effects,
 * which is what lets it read `TIME` before writing.
 *
 * KEYS[1] the bucket; ARGV rate, per (seconds), burst, ttl (ms).
 * Returns 1 when a token was taken, 0 when the bucket was empty.
 *
 * The key expires after `ttl` ms without a take: an idle bucket vanishes instead of
 * staying in Redis forever, and comes back as a new one.
 */
export const TOKEN_BUCKET_SCRIPT = `
local rate = tonumber(ARGV[1])
local per = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
if now > at then
  if tokens < rate then
    tokens = math.min(rate, tokens + (now - at) * rate / (per * 1000000))
  end
  at = now
end
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
-- Written in full: tostring keeps 14 digits, which would round the time (16 digits in
-- microseconds) by up to 50 us a take, and hand out tokens that never refilled.
redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.0f', at))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return taken
`;
