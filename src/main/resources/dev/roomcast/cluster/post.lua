-- Posts one message. ARGV: new epoch, idempotence key, history size, channel, draft (JSON), room TTL ms.
-- Returns {epoch, seq, duplicate (0|1)}. A replayed or retried post finds its key and is not posted twice.
local epoch = open(ARGV[1])
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
return {epoch, seq, 0}
