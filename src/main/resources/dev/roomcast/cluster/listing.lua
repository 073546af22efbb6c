-- Lists a room in the directory with the number of users present, or unlists it when nobody is; run after
-- presence.lua with its answer. KEYS[1] directory expiry (zset: room -> expiry ms), KEYS[2] directory present
-- (hash: room -> users present), KEYS[3] renewed (zset: room -> when its presence lapses unless renewed), all
-- in one slot. ARGV: room, users present, room TTL ms, presence TTL ms.
-- The directory lists the room until the room itself would expire; the directory's own keys live as long
-- after the last change, so that they are gone too once every room is. A room whose presence nobody renews
-- (its only node crashed) is found through KEYS[3] by orphans.lua.
local ttl = tonumber(ARGV[3])
if tonumber(ARGV[2]) > 0 then
  redis.call('ZADD', KEYS[1], now_ms() + ttl, ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
  redis.call('ZADD', KEYS[3], now_ms() + tonumber(ARGV[4]), ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[3], ARGV[1])
end
for i = 1, 3 do
  redis.call('PEXPIRE', KEYS[i], ttl)
end
return {}
