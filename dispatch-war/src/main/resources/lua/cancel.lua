-- A user cancels a job that has not started: queued | scheduled -> cancelled.
-- A message already on NSQ is then refused at its claim and dropped by the worker.
-- ARGV: id, now
-- Returns {'done'} | {'refused', status} | {'missing'}
local id, now = ARGV[1], ARGV[2]
local job = load(id)
if not job then
  return {'missing'}
end
if job.status ~= 'queued' and job.status ~= 'scheduled' then
  return {'refused', job.status}
end
transition(id, job, 'cancelled', now, {attempt = job.attempts}, {finishedAt = now})
return {'done'}
