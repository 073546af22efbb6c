-- Presence of one node's users in a room. ARGV: new epoch, channel, node, TTL ms, 'renew' or 'drop', room TTL ms,
-- the events' spec (see hook), users...
-- 'renew' adds or extends each user's entry for this node (a user new to the room is announced); 'drop'
-- removes it (a user with no entry left is announced as gone). Expired entries of any node are swept first.
-- Returns {epoch, seq, users present, users arrived, users departed, events written, events refused}: what a
-- join needs, what a node checks against its own view, what listing.lua then writes in the directory, and the
-- changes this call made, written as the room's events (who left, vacated, occupied, who joined).
local epoch = open(ARGV[1])
local arrived, departed = {}, {}
sweep(ARGV[2], departed)
local expiry = now_ms() + tonumber(ARGV[4])
for i = 8, #ARGV do
  local entry = ARGV[i] .. '\n' .. ARGV[3]
  if ARGV[5] == 'drop' then
    drop(entry, ARGV[2], departed)
  elseif redis.call('ZADD', KEYS[4], expiry, entry) == 1 and redis.call('HINCRBY', KEYS[5], ARGV[i], 1) == 1 then
    redis.call('PUBLISH', ARGV[2], 'p join ' .. ARGV[i])
    table.insert(arrived, ARGV[i])
  end
end
touch(6)
local users = redis.call('HKEYS', KEYS[5])
local seq = tonumber(redis.call('HGET', KEYS[1], 'seq'))
local before = #users - #arrived + #departed
local between = before - #departed
for _, user in ipairs(departed) do
  hook(ARGV[7], 'member_left', epoch, seq, user)
end
if before > 0 and between == 0 then
  hook(ARGV[7], 'room_vacated', epoch, seq)
end
if between == 0 and #arrived > 0 then
  hook(ARGV[7], 'room_occupied', epoch, seq)
end
for _, user in ipairs(arrived) do
  hook(ARGV[7], 'member_joined', epoch, seq, user)
end
return {epoch, seq, users, arrived, departed, hooked, hook_overflow}
