-- Takes or renews a lease. KEYS[1]: the lease (its holder's name). ARGV: this node's name, the lease's length ms.
-- Returns {1} when the caller holds the lease now, else {}.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1}
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return {1}
end
return {}
