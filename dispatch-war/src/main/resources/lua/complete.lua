-- The workers holding jobs report success: processing -> complete. A repeated report is a no-op.
-- Several reports in one call (a worker's batch): each is decided on its own, as if it were a
-- call of its own; one call spares Redis a script call per job.
-- ARGV: now, then per report 4 values: id, workerId, attempt, result (JSON)
-- Returns per report: {'done'} | {'duplicate'} | {'refused', status} | {'missing'}
local function complete(id, worker, attempt, now, result)
  local job = load(id)
  if not job then
    return {'missing'}
  end
  if job.status == 'complete' then
    return {'duplicate'}
  end
  if not holds(job, worker, attempt) then
    return {'refused', job.status}
  end
  transition(id, job, 'complete', now, {attempt = job.attempts, workerId = worker},
    {result = result, finishedAt = now, progress = '100', leaseUntil = false})
  return {'done'}
end

local now = ARGV[1]
local replies = {}
for i = 2, #ARGV, 4 do
  replies[#replies + 1] = complete(ARGV[i], ARGV[i + 1], ARGV[i + 2], now, ARGV[i + 3])
end
return replies
