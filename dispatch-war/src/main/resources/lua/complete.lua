-- The worker holding the job reports success: processing -> complete. A repeated report is a no-op.
-- KEYS: job hash, history list
-- ARGV: workerId, attempt, now (epoch ms), result (JSON)
-- Returns {'done'} | {'duplicate'} | {'refused', status} | {'missing'}
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return {'missing'}
end
if status == 'complete' then
  return {'duplicate'}
end
if status ~= 'processing' or redis.call('HGET', KEYS[1], 'workerId') ~= ARGV[1]
    or redis.call('HGET', KEYS[1], 'attempts') ~= ARGV[2] then
  return {'refused', status}
end
local now = tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'status', 'complete', 'result', ARGV[4], 'finishedAt', now, 'updatedAt', now)
redis.call('HDEL', KEYS[1], 'leaseUntil')
redis.call('RPUSH', KEYS[2], cjson.encode({status = 'complete', attempt = tonumber(ARGV[2]), workerId = ARGV[1], at = now}))
return {'done'}
