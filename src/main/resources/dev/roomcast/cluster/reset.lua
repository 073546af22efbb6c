-- Drops a room's history and starts a new epoch. ARGV: new epoch, channel, room TTL ms, the events' spec (see hook).
-- Returns {epoch, 0, users present, {}, {}, events written, events refused} (presence.lua's layout), or {} when Redis does not know the room. Every node hears
-- 'r <epoch>' on the room's channel before any message of the new epoch.
if not redis.call('HGET', KEYS[1], 'epoch') then
  return {}
end
redis.call('DEL', KEYS[2], KEYS[3])
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], 'seq', 0)
touch(3)
redis.call('PUBLISH', ARGV[2], 'r ' .. ARGV[1])
hook(ARGV[4], 'room_reset', ARGV[1], 0)
return {ARGV[1], 0, redis.call('HKEYS', KEYS[5]), {}, {}, hooked, hook_overflow}
