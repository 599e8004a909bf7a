-- A user retries a failed or cancelled job: -> queued, attempts kept, published again.
-- ARGV: id, now
-- Returns {'done'} | {'refused', status} | {'missing'}
local id, now = ARGV[1], ARGV[2]
local job = load(id)
if not job then
  return {'missing'}
end
if job.status ~= 'failed' and job.status ~= 'cancelled' then
  return {'refused', job.status}
end
-- a manual retry grants one more attempt beyond those already made
if job.attempts >= job.maxAttempts then
  call('HSET', job_key(id), 'maxAttempts', job.attempts + 1)
end
call('HDEL', job_key(id), 'finishedAt', 'runAt')
transition(id, job, 'queued', now, {attempt = job.attempts})
call('ZADD', 'jobs:outbox', now, id)
return {'done'}
