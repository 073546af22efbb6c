-- Rooms with users present whose presence no node has renewed for a presence TTL: their only node crashed, or
-- lost Redis for that long, and no call of another node's will sweep their entries. KEYS: the directory's, as
-- listing.lua. ARGV: presence TTL ms, how many at most.
-- Each room returned is pushed a presence TTL ahead, so that the nodes asking at once do not all sweep it, and
-- a sweep that fails is tried again then. The caller sweeps each through presence.lua, which reports who left.
local now = now_ms()
local rooms = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
for _, room in ipairs(rooms) do
  redis.call('ZADD', KEYS[3], now + tonumber(ARGV[1]), room)
end
return rooms
