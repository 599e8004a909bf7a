-- Stores a new job, its first history entry, its place in the listing and in the outbox, at once.
-- KEYS: job hash, history list, created index, outbox
-- ARGV: id, type, payload (JSON), maxAttempts, now (epoch ms)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'type', ARGV[2], 'payload', ARGV[3], 'status', 'queued',
  'attempts', '0', 'maxAttempts', ARGV[4], 'createdAt', ARGV[5], 'updatedAt', ARGV[5])
redis.call('RPUSH', KEYS[2], cjson.encode({status = 'queued', attempt = 0, at = tonumber(ARGV[5])}))
redis.call('ZADD', KEYS[3], 0, ARGV[1])
-- the outbox holds the job until a publish on job_run is confirmed (or a worker claims it)
redis.call('ZADD', KEYS[4], ARGV[5], ARGV[1])
return 1
