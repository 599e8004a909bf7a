-- The worker holding the job reports a failed attempt: processing -> queued when attempts remain
-- and the error is retryable, else processing -> failed.
-- KEYS: job hash, history list
-- ARGV: workerId, attempt, now (epoch ms), error, retryable ('1' or '0')
-- Returns {'queued'} | {'failed'} | {'duplicate'} | {'refused', status} | {'missing'}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
if status == 'failed' and redis.call('HGET', KEYS[1], 'attempts') == ARGV[2] then
  return {'duplicate'}
end
if status ~= 'processing' or redis.call('HGET', KEYS[1], 'workerId') ~= ARGV[1]
    or redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[2] then
  return {'refused', status}
end
local now = tonumber(ARGV[3])
local attempt = tonumber(ARGV[2])
local entered = 'failed'
if ARGV[5] == '1' and attempt < tonumber(redis.call('HGET', KEYS[1], 'maxAttempts')) then
  entered = 'queued'
  redis.call('HSET', KEYS[1], 'status', 'queued', 'error', ARGV[4], 'updatedAt', now)
else
  redis.call('HSET', KEYS[1], 'status', 'failed', 'error', ARGV[4], 'finishedAt', now, 'updatedAt', now)
end
redis.call('HDEL', KEYS[1], 'leaseUntil')
redis.call('RPUSH', KEYS[2], cjson.encode({status = entered, attempt = attempt, workerId = ARGV[1], at = now, error = ARGV[4]}))
return {entered}
