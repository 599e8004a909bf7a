-- Stores new jobs, each with its first history entry, its index entries and its outbox entry.
-- ARGV: now, then per job 8 values: id, type, payload (JSON), maxAttempts, timeoutMs,
--       runAt ('' = now), publishAt (outbox score), idempotencyKey ('' = none)
-- Returns per job the id stored, or the id of the job an earlier request with the same
-- idempotency key created, prefixed 'existing:'.
local now = tonumber(ARGV[1])
local out, n = {}, 0
local types = {}
begin_batch()
for i = 2, #ARGV, 8 do
  local id, type, payload, maxAttempts, timeoutMs, runAt, publishAt, idem =
    ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6], ARGV[i + 7]
  local existing = idem ~= '' and call('GET', 'idem:' .. idem)
  if existing and call('EXISTS', job_key(existing)) == 1 then
    n = n + 1
    out[n] = 'existing:' .. existing
  else
    local status = (runAt ~= '' and tonumber(runAt) > now) and 'scheduled' or 'queued'
    call('HSET', job_key(id), 'id', id, 'type', type, 'payload', payload, 'status', status,
      'attempts', '0', 'maxAttempts', maxAttempts, 'timeoutMs', timeoutMs, 'progress', '0',
      'createdAt', ARGV[1], 'updatedAt', ARGV[1])
    if runAt ~= '' then
      call('HSET', job_key(id), 'runAt', runAt)
    end
    if idem ~= '' then
      call('SET', 'idem:' .. idem, id, 'PX', 86400000)
      call('HSET', job_key(id), 'idemKey', idem)
    end
    types[type] = true
    index_add(id, type, status)
    zadd('jobs:outbox', publishAt, id)
    call('RPUSH', history_key(id), encode({status = status, attempt = 0, at = now}))
    announce(id, type, status, 0, nil, now)
    n = n + 1
    out[n] = id
  end
end
end_batch()
for type in pairs(types) do
  call('SADD', 'jobs:types', type)
end
return out
