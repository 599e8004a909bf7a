-- The worker holding a job reports progress (0-100); this also renews its lease.
-- ARGV: id, workerId, attempt, now, progress, lease margin (ms)
-- Returns {'done'} | {'refused', status} | {'missing'}
local id, now = ARGV[1], tonumber(ARGV[4])
local job = load(id)
if not job then
  return {'missing'}
end
if not holds(job, ARGV[2], ARGV[3]) then
  return {'refused', job.status}
end
local lease = int_text(now + job.timeoutMs + tonumber(ARGV[6]))
call('HSET', job_key(id), 'progress', ARGV[5], 'updatedAt', ARGV[4])
call('ZADD', 'jobs:leases', lease, id)
return {'done'}
