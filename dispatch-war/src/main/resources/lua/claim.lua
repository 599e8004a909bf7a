-- Workers claim jobs: queued (or a due scheduled job) -> processing, or take over a processing
-- job whose lease expired. Several claims of one worker in one call (a worker's batch): each is
-- decided on its own, as if it were a call of its own; one call spares Redis a script call per job.
-- ARGV: workerId, now, lease margin (ms; the lease is timeoutMs plus this), '0' when the caller
--       needs the attempts only (a worker that has the jobs from their job_run messages) or '1',
--       then the ids
-- Returns per id: {'claimed', attempt, field1, value1, ...} (the job's hash after the claim, so
-- that a batch of claims needs no second round trip to read the jobs; without it when ARGV[4] is
-- '0') | {'refused', status, msToWait?} | {'missing'}

-- what a claim decides on: for a queued job (nearly every claim) four fields, each of which
-- HMGET finds by a walk of the job's hash; the others only for a job that needs them
local function load_for_claim(id)
  local key = job_key(id)
  local v = call('HMGET', key, 'status', 'type', 'attempts', 'timeoutMs')
  if not v[1] then
    return nil
  end
  local job = {status = v[1], type = v[2], attempts = tonumber(v[3]), timeoutMs = tonumber(v[4])}
  if job.status == 'scheduled' then
    job.runAt = tonumber(call('HGET', key, 'runAt') or '0')
  elseif job.status == 'processing' then
    local more = call('HMGET', key, 'maxAttempts', 'workerId')
    job.maxAttempts, job.workerId, job.leaseUntil = tonumber(more[1]), more[2], lease_of(id)
  end
  return job
end

local function claim(id, worker, now, at, margin, with_job)
  local job = load_for_claim(id)
  if not job then
    return {'missing'}
  end
  if job.status == 'scheduled' then
    if job.runAt > now then
      return {'refused', 'scheduled', tostring(job.runAt - now)}
    end
    -- due: it became queued at runAt, and is claimed now
    transition(id, job, 'queued', at, {attempt = job.attempts, at = job.runAt})
    job.status = 'queued'
  elseif job.status == 'processing' then
    if job.leaseUntil > now then
      return {'refused', 'processing', tostring(job.leaseUntil - now)}
    end
    if job.attempts >= job.maxAttempts then
      transition(id, job, 'failed', at,
        {attempt = job.attempts, workerId = job.workerId, error = 'lease expired: the worker running the last attempt stopped reporting'},
        {error = 'lease expired: the worker running the last attempt stopped reporting', finishedAt = at})
      return {'refused', 'failed'}
    end
  elseif job.status ~= 'queued' then
    return {'refused', job.status}
  end
  local attempt = job.attempts + 1
  transition(id, job, 'processing', at, {attempt = attempt, workerId = worker},
    {attempts = int_text(attempt), workerId = worker, startedAt = at, progress = '0'},
    int_text(now + job.timeoutMs + margin))
  -- a claimed job was delivered: the outbox need not publish it again
  zrem('jobs:outbox', id)
  local reply = {'claimed', int_text(attempt)}
  if with_job == '0' then
    return reply
  end
  local n = #reply
  for _, v in ipairs(call('HGETALL', job_key(id))) do
    n = n + 1
    reply[n] = v
  end
  return reply
end

local worker, now, at, margin, with_job = ARGV[1], tonumber(ARGV[2]), ARGV[2], tonumber(ARGV[3]), ARGV[4]
local replies = {}
begin_batch()
for i = 5, #ARGV do
  replies[i - 4] = claim(ARGV[i], worker, now, at, margin, with_job)
end
end_batch()
return replies
