-- Takes a room off the rooms with events to send, unless it was noted again since it was read. KEYS[1]: the rooms
-- (zset: room -> writes noted). ARGV: the room, the count read with it.
if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '-1') == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
end
return {}
