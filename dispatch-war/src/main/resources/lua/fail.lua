-- The worker holding the job reports a failed attempt: processing -> queued when the error is
-- retryable and attempts remain (the worker requeues the message with a backoff), else failed.
-- The worker requeues the message; should that never reach nsqd, the outbox publishes the job
-- again after the redelivery time.
-- ARGV: id, workerId, attempt, now, error, retryable ('1' or '0'), redelivery ms
-- Returns {'queued'} | {'failed'} | {'duplicate'} | {'refused', status} | {'missing'}
local id, now = ARGV[1], ARGV[4]
local job = load(id)
if not job then
  return {'missing'}
end
if job.status == 'failed' and tostring(job.attempts) == ARGV[3] then
  return {'duplicate'}
end
if not holds(job, ARGV[2], ARGV[3]) then
  return {'refused', job.status}
end
local entry = {attempt = job.attempts, workerId = ARGV[2], error = ARGV[5]}
if ARGV[6] == '1' and job.attempts < job.maxAttempts then
  transition(id, job, 'queued', now, entry, {error = ARGV[5]})
  call('ZADD', 'jobs:outbox', tonumber(now) + tonumber(ARGV[7]), id)
  return {'queued'}
end
transition(id, job, 'failed', now, entry, {error = ARGV[5], finishedAt = now})
return {'failed'}
