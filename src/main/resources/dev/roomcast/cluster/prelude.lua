-- Shared by every Roomcast script. All keys of a room carry its name as a hash tag, {room}:
-- KEYS[1] meta (hash: epoch, seq), KEYS[2] log (stream, ids seq-0), KEYS[3] ids (zset: idempotence key -> seq),
-- KEYS[4] here (zset: user "\n" node -> expiry ms), KEYS[5] users (hash: user -> entries in here),
-- KEYS[6] events (stream: the room's events for the webhook receiver, oldest first).
-- The directory's keys (listing.lua, directory.lua) are in a slot of their own: no script touches both.

-- The room's epoch, made on first use or after Redis lost the room: then nothing of an older epoch survives.
local function open(new_epoch)
  local epoch = redis.call('HGET', KEYS[1], 'epoch')
  if epoch then
    return epoch
  end
  redis.call('DEL', KEYS[2], KEYS[3])
  redis.call('HSET', KEYS[1], 'epoch', new_epoch, 'seq', 0)
  return new_epoch
end

-- Every key of the room lives ARGV[ttl_arg] ms more: a room nobody uses is forgotten by expiry.
local function touch(ttl_arg)
  local ttl = tonumber(ARGV[ttl_arg])
  for i = 1, 5 do
    redis.call('PEXPIRE', KEYS[i], ttl)
  end
end

local function now_ms()
  local time = redis.call('TIME')
  return tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
end

-- Removes one presence entry; the user leaves when it was their last one on any node, and is added to
-- departed: the node whose call made the change is the one that reports it (once, for the whole cluster).
local function drop(entry, channel, departed)
  if redis.call('ZREM', KEYS[4], entry) == 0 then
    return
  end
  local user = string.match(entry, '^(.*)\n')
  if redis.call('HINCRBY', KEYS[5], user, -1) <= 0 then
    redis.call('HDEL', KEYS[5], user)
    redis.call('PUBLISH', channel, 'p leave ' .. user)
    table.insert(departed, user)
  end
end

-- Entries whose node stopped renewing them (it crashed, or lost Redis for longer than the TTL).
local function sweep(channel, departed)
  for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now_ms())) do
    drop(entry, channel, departed)
  end
end

-- The room's events for the webhook receiver, written by the call that made the change, whichever node made it,
-- so that they are in the room's order; one node of the cluster sends them (RedisRoomEvents). spec: '' when they
-- are not reported (no receiver; for a message, a room not in webhook-message-rooms), else 'limit ttl-ms node':
-- at most limit kept (what finds the log full is counted by the caller), kept ttl-ms after the last one.
local hooked, hook_overflow = 0, 0
local function hook(spec, type, epoch, seq, user, message)
  if not spec or spec == '' then
    return
  end
  local limit, ttl, node = string.match(spec, '^(%d+) (%d+) (.*)$')
  if redis.call('XLEN', KEYS[6]) >= tonumber(limit) then
    hook_overflow = hook_overflow + 1
    return
  end
  local fields = {'t', type, 'n', node, 'e', epoch, 's', tostring(seq)}
  if user then
    table.insert(fields, 'u')
    table.insert(fields, user)
  end
  if message then
    table.insert(fields, 'm')
    table.insert(fields, message)
  end
  redis.call('XADD', KEYS[6], '*', unpack(fields))
  redis.call('PEXPIRE', KEYS[6], ttl)
  hooked = hooked + 1
end
