-- A room as the server API shows it, changing nothing. Returns {epoch, seq, users present}, or {} when Redis
-- does not know the room (never used, or forgotten by expiry).
local epoch = redis.call('HGET', KEYS[1], 'epoch')
if not epoch then
  return {}
end
return {epoch, tonumber(redis.call('HGET', KEYS[1], 'seq')), redis.call('HKEYS', KEYS[5])}
