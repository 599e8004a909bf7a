-- Removes a finished job and every index entry of it: on DELETE, and when its retention ends.
-- ARGV: id, finishedBefore (epoch ms; only a job finished earlier is removed), now
-- Returns {'done'} | {'refused', status} | {'missing'}
local id = ARGV[1]
local job = load(id)
if not job then
  call('ZREM', 'jobs:finished', id)
  return {'missing'}
end
if not FINAL[job.status] then
  return {'refused', job.status}
end
if job.finishedAt >= tonumber(ARGV[2]) then
  return {'refused', job.status}
end
call('DEL', job_key(id), history_key(id))
-- jobs:created and jobs:type:{type} are no longer written; a job an older version stored is in them
call('ZREM', 'jobs:created', id)
call('ZREM', 'jobs:type:' .. job.type, id)
index_remove(id, job.type, job.status)
call('ZREM', 'jobs:finished', id)
call('ZREM', 'jobs:outbox', id)
call('ZREM', 'jobs:leases', id)
if job.idemKey and call('GET', 'idem:' .. job.idemKey) == id then
  call('DEL', 'idem:' .. job.idemKey)
end
-- the type's last job gone: it is in no status index any more
local left = 0
for _, status in ipairs({'scheduled', 'queued', 'processing', 'complete', 'failed', 'cancelled'}) do
  left = left + call('ZCARD', 'jobs:status:' .. status .. ':type:' .. job.type)
end
if left == 0 then
  call('SREM', 'jobs:types', job.type)
end
announce(id, job.type, 'deleted', job.attempts, nil, tonumber(ARGV[3]))
return {'done'}
