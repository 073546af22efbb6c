-- The room directory. KEYS[1] directory (zset: room -> expiry ms). Forgets rooms past their expiry, then
-- returns {room, users present} for every listed room that has anyone in it. A room's users hash is read
-- by its name here, not passed in KEYS: the directory spans rooms, so it needs one Redis, not a cluster.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms())
local listed = {}
for _, room in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local present = redis.call('HLEN', 'roomcast:{' .. room .. '}:users')
  if present > 0 then
    table.insert(listed, {room, present})
  end
end
return listed
