-- Posts one message. ARGV: new epoch, idempotence key, history size, channel, draft (JSON), room TTL ms, the
-- events' spec (see hook), and for a member's post its number among that sender's posts (1, 2, ...); KEYS[7], for a
-- member's post: the sender's stream (the last number taken). Returns {epoch, seq, 0 | 1 duplicate | 2 out of
-- order, events written, events refused}.
-- A sender's posts are sent without waiting for each other, so Redis checks their order: a number that is not
-- the last one plus one means an earlier post of the sender has not arrived (it failed, or a reconnect reordered
-- what was in flight), and this one is refused (2) rather than posted ahead of it; the node then starts a new
-- stream, and the client resends both with their clientIds. The order is checked before the idempotence key, so
-- that a resent post takes its number in the new stream whether or not it had been posted.
local epoch = open(ARGV[1])
if KEYS[7] then
  local last = tonumber(redis.call('GET', KEYS[7]) or '0')
  if tonumber(ARGV[8]) ~= last + 1 then
    return {epoch, last, 2}
  end
  redis.call('SET', KEYS[7], ARGV[8], 'PX', ARGV[6])
end
local earlier = redis.call('ZSCORE', KEYS[3], ARGV[2])
if earlier then
  touch(6)
  return {epoch, tonumber(earlier), 1}
end
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('XADD', KEYS[2], 'MAXLEN', ARGV[3], seq .. '-0', 'm', ARGV[5])
redis.call('ZADD', KEYS[3], seq, ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', seq - tonumber(ARGV[3]))
touch(6)
redis.call('PUBLISH', ARGV[4], 'm ' .. epoch .. ' ' .. seq .. ' ' .. ARGV[5])
hook(ARGV[7], 'message_posted', epoch, seq, nil, ARGV[5])
return {epoch, seq, 0, hooked, hook_overflow}
