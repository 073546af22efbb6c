-- Presence of one node's users in a room. ARGV: new epoch, channel, node, TTL ms, 'renew' or 'drop', room TTL ms,
-- users...
-- 'renew' adds or extends each user's entry for this node (a user new to the room is announced); 'drop'
-- removes it (a user with no entry left is announced as gone). Expired entries of any node are swept first.
-- Returns {epoch, seq, users present, users arrived, users departed}: what a join needs, what a node checks
-- against its own view, what listing.lua then writes in the directory, and the changes this call made, which
-- the calling node alone reports to the backend.
local epoch = open(ARGV[1])
local arrived, departed = {}, {}
sweep(ARGV[2], departed)
local expiry = now_ms() + tonumber(ARGV[4])
for i = 7, #ARGV do
  local entry = ARGV[i] .. '\n' .. ARGV[3]
  if ARGV[5] == 'drop' then
    drop(entry, ARGV[2], departed)
  elseif redis.call('ZADD', KEYS[4], expiry, entry) == 1 and redis.call('HINCRBY', KEYS[5], ARGV[i], 1) == 1 then
    redis.call('PUBLISH', ARGV[2], 'p join ' .. ARGV[i])
    table.insert(arrived, ARGV[i])
  end
end
touch(6)
return {epoch, tonumber(redis.call('HGET', KEYS[1], 'seq')), redis.call('HKEYS', KEYS[5]), arrived, departed}
