-- The workers holding jobs report success: processing -> complete. A repeated report is a no-op.
-- Several reports in one call (a worker's batch): each is decided on its own, as if it were a
-- call of its own; one call spares Redis a script call per job.
-- KEYS (none, or some): the hashes (job:<id>) of reported jobs whose whole record a completion's
--       reply carries, for requests that wait for them on the calling instance (waitMs)
-- ARGV: now, then per report 4 values: id, workerId, attempt, result (JSON)
-- Returns per report: {'done'} | {'done', n, history1 .. historyN, field1, value1, ...} (a job
--       of KEYS: its history entries, then its hash) | {'duplicate'} | {'refused', status} | {'missing'}
local wanted = {}
for _, key in ipairs(KEYS) do
  wanted[key] = true
end

local function complete(id, worker, attempt, now, result)
  local job = load_holder(id)
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
    {result = result, finishedAt = now, progress = '100'})
  if not wanted[job_key(id)] then
    return {'done'}
  end
  local history = call('LRANGE', history_key(id), 0, -1)
  local reply, n = {'done', int_text(#history)}, 2
  for _, entry in ipairs(history) do
    n = n + 1
    reply[n] = entry
  end
  for _, v in ipairs(call('HGETALL', job_key(id))) do
    n = n + 1
    reply[n] = v
  end
  return reply
end

local now = ARGV[1]
local replies, n = {}, 0
begin_batch()
for i = 2, #ARGV, 4 do
  n = n + 1
  replies[n] = complete(ARGV[i], ARGV[i + 1], ARGV[i + 2], now, ARGV[i + 3])
end
end_batch()
return replies
