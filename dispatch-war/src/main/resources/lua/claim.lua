-- A worker claims a job: queued -> processing, or takes over a processing job whose lease expired.
-- KEYS: job hash, history list, outbox
-- ARGV: id, workerId, now (epoch ms), lease (ms)
-- Returns {'claimed', attempt} | {'refused', status, msLeftOnLease?} | {'missing'}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
local now = tonumber(ARGV[3])
local function history(entered, attempt, worker, err)
  redis.call('RPUSH', KEYS[2], cjson.encode({status = entered, attempt = attempt, workerId = worker, at = now, error = err}))
end
if status == 'processing' then
  local lease = tonumber(redis.call('HGET', KEYS[1], 'leaseUntil') or '0')
  if lease > now then
    return {'refused', status, tostring(lease - now)}
  end
  local attempts = tonumber(redis.call('HGET', KEYS[1], 'attempts'))
  if attempts >= tonumber(redis.call('HGET', KEYS[1], 'maxAttempts')) then
    local err = 'lease expired: the worker running the last attempt stopped reporting'
    redis.call('HSET', KEYS[1], 'status', 'failed', 'error', err, 'finishedAt', now, 'updatedAt', now)
    redis.call('HDEL', KEYS[1], 'leaseUntil')
    history('failed', attempts, redis.call('HGET', KEYS[1], 'workerId'), err)
    return {'refused', 'failed'}
  end
elseif status ~= 'queued' then
  return {'refused', status}
end
local attempt = redis.call('HINCRBY', KEYS[1], 'attempts', 1)
redis.call('HSET', KEYS[1], 'status', 'processing', 'workerId', ARGV[2], 'startedAt', now, 'updatedAt', now,
  'leaseUntil', now + tonumber(ARGV[4]))
-- a claimed job was delivered: the outbox need not publish it again
redis.call('ZREM', KEYS[3], ARGV[1])
history('processing', attempt, ARGV[2])
return {'claimed', tostring(attempt)}
