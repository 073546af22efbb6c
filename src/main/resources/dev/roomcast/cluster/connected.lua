-- Users connected to any node. KEYS[1] here (zset: user "\n" node -> expiry ms), KEYS[2] count (hash: user ->
-- entries in here). ARGV: node, TTL ms, 'renew' or 'drop', users...
-- 'renew' adds or extends each user's entry for this node, 'drop' removes it. Expired entries of any node (one
-- that crashed, or lost Redis for longer than the TTL) are swept first, a bounded number per call. Returns
-- {users arrived, users departed}: a user arrives with their first entry on any node and departs with their
-- last, and the node whose call made the change reports it, once for the whole cluster. The keys do not
-- expire: a user whose node stopped leaves by the sweep of the next call from any node.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local arrived, departed = {}, {}

local function drop(entry)
  if redis.call('ZREM', KEYS[1], entry) == 0 then
    return
  end
  local user = string.match(entry, '^(.*)\n')
  if redis.call('HINCRBY', KEYS[2], user, -1) <= 0 then
    redis.call('HDEL', KEYS[2], user)
    table.insert(departed, user)
  end
end

for _, entry in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 1000)) do
  drop(entry)
end
local expiry = now + tonumber(ARGV[2])
for i = 4, #ARGV do
  local entry = ARGV[i] .. '\n' .. ARGV[1]
  if ARGV[3] == 'drop' then
    drop(entry)
  elseif redis.call('ZADD', KEYS[1], expiry, entry) == 1 and redis.call('HINCRBY', KEYS[2], ARGV[i], 1) == 1 then
    table.insert(arrived, ARGV[i])
  end
end
return {arrived, departed}
