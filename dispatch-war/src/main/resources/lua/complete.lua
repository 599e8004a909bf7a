-- The worker holding the job reports success: processing -> complete. A repeated report is a no-op.
-- ARGV: id, workerId, attempt, now, result (JSON)
-- Returns {'done'} | {'duplicate'} | {'refused', status} | {'missing'}
local id, now = ARGV[1], ARGV[4]
local job = load(id)
if not job then
  return {'missing'}
end
if job.status == 'complete' then
  return {'duplicate'}
end
if not holds(job, ARGV[2], ARGV[3]) then
  return {'refused', job.status}
end
transition(id, job, 'complete', now, {attempt = job.attempts, workerId = ARGV[2]},
  {result = ARGV[5], finishedAt = now, progress = '100', leaseUntil = false})
return {'done'}
