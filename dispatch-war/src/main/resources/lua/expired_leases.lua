-- Jobs whose worker stopped reporting (crashed, or its machine is gone): a processing job whose
-- lease has expired goes back into the outbox, so that a new delivery lets another worker take
-- it over (its claim checks the lease again). nsqd would redeliver only after its msg-timeout.
-- ARGV: now, limit
-- Returns the number of jobs put back into the outbox
local now = tonumber(ARGV[1])
local ids = call('ZRANGEBYSCORE', 'jobs:leases', '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
local moved = 0
for _, id in ipairs(ids) do
  local job = load(id)
  -- the range read it as expired: the lease is kept only there (lib.lua's lease_of)
  if job and job.status == 'processing' then
    call('ZADD', 'jobs:outbox', now, id)
    moved = moved + 1
  end
  call('ZREM', 'jobs:leases', id)
end
return {tostring(moved)}
