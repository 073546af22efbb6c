-- The room directory. KEYS[1] expiry (zset: room -> expiry ms), KEYS[2] present (hash: room -> users
-- present), KEYS[3] renewed, all in one slot (listing.lua writes them). Forgets rooms past their expiry, then returns
-- {room, users present} for every listed room.
local now = now_ms()
for _, room in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)) do
  redis.call('HDEL', KEYS[2], room)
  redis.call('ZREM', KEYS[3], room)
end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local listed = {}
for _, room in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local present = tonumber(redis.call('HGET', KEYS[2], room) or '0')
  if present > 0 then
    table.insert(listed, {room, present})
  end
end
return listed
