-- Shared by every job script: prepended to each one when it is loaded (LuaScript.fromResources).
-- Keys are computed here from the job id, type and status, so these scripts need a standalone
-- Redis (or Sentinel); see docs/redis.md for the key schema.
local function job_key(id) return 'job:' .. id end
local function history_key(id) return 'job:' .. id .. ':history' end

-- Numbers handed to redis.call are turned into text with printf (Redis 7.0), a cost in every
-- script: scores and times go as text where the text is at hand (ARGV, '0').

-- Sorted-set writes: at once, or, in a script that moves many jobs (a batch: begin_batch), kept
-- and written at its end as one ZADD and one ZREM per set (end_batch): a third of the commands
-- per job, each of which the AOF and the replicas are sent (docs/performance.md, item 49). Only
-- the net change of a member counts (its last write wins), so moving a job out of a set and
-- back in leaves it in; nothing in a batch reads the sets it writes.
local batch
local function zset_write(key, id, score)
  if not batch then
    if score then
      redis.call('ZADD', key, score, id)
    else
      redis.call('ZREM', key, id)
    end
    return
  end
  local set = batch.sets[key]
  if not set then
    set = {ids = {}, scores = {}}
    batch.sets[key] = set
    table.insert(batch.keys, key)
  end
  if set.scores[id] == nil then
    table.insert(set.ids, id)
  end
  set.scores[id] = score or false
end
local function zadd(key, score, id) zset_write(key, id, score) end
local function zrem(key, id) zset_write(key, id, nil) end

-- jobs finished per minute, for the console's chart; each minute's counts live two hours (set
-- when the minute's first count of that kind creates its field)
local function count_finished(minute, status, n)
  local key = 'jobs:throughput:' .. minute
  if redis.call('HINCRBY', key, status, n) == n then
    redis.call('EXPIRE', key, 7200)
  end
end
local function finished(now, status)
  local minute = tostring(math.floor(tonumber(now) / 60000))
  if not batch then
    count_finished(minute, status, 1)
    return
  end
  local counts = batch.finished[minute]
  if not counts then
    counts = {}
    batch.finished[minute] = counts
  end
  counts[status] = (counts[status] or 0) + 1
end

-- the most arguments one command of end_batch gets: Lua's unpack stops at a few thousand
local BATCH_ARGS = 2000

local function begin_batch()
  batch = {keys = {}, sets = {}, finished = {}}
end
local function end_batch()
  local done = batch
  batch = nil
  for _, key in ipairs(done.keys) do
    local set = done.sets[key]
    local adds, removes = {}, {}
    for _, id in ipairs(set.ids) do
      local score = set.scores[id]
      if score then
        table.insert(adds, score)
        table.insert(adds, id)
      else
        table.insert(removes, id)
      end
      if #adds >= BATCH_ARGS then
        redis.call('ZADD', key, unpack(adds))
        adds = {}
      end
      if #removes >= BATCH_ARGS then
        redis.call('ZREM', key, unpack(removes))
        removes = {}
      end
    end
    if #adds > 0 then
      redis.call('ZADD', key, unpack(adds))
    end
    if #removes > 0 then
      redis.call('ZREM', key, unpack(removes))
    end
  end
  for minute, counts in pairs(done.finished) do
    for status, n in pairs(counts) do
      count_finished(minute, status, n)
    end
  end
end

-- the listing indexes by status, and by status and type
local function index_add(id, type, status)
  zadd('jobs:status:' .. status, '0', id)
  zadd('jobs:status:' .. status .. ':type:' .. type, '0', id)
end
local function index_remove(id, type, status)
  zrem('jobs:status:' .. status, id)
  zrem('jobs:status:' .. status .. ':type:' .. type, id)
end

-- tells every dispatch instance (and through it every console) that a job changed. The message
-- is built and published only when the channel has a subscriber, asked once per script call: no
-- subscription can begin or end while a script runs, so a subscriber misses nothing, and while
-- nobody follows the jobs (no event stream open) no transition costs Redis its JSON or its PUBLISH
local listened
local function announce(id, type, status, attempt, worker, at)
  if listened == nil then
    listened = redis.call('PUBSUB', 'NUMSUB', 'jobs:events')[2] > 0
  end
  if listened then
    redis.call('PUBLISH', 'jobs:events', cjson.encode({id = id, type = type, status = status, attempt = attempt,
      workerId = worker, at = at}))
  end
end

local FINAL = {complete = true, failed = true, cancelled = true}

-- moves the job to another status: the hash, the indexes and the history in one step;
-- a field given as false is removed from the hash; now is the time as ARGV gave it (text)
local function transition(id, job, to, now, entry, fields)
  index_remove(id, job.type, job.status)
  index_add(id, job.type, to)
  local args = {'status', to, 'updatedAt', now}
  for k, v in pairs(fields or {}) do
    if v == false then
      redis.call('HDEL', job_key(id), k)
    else
      table.insert(args, k)
      table.insert(args, v)
    end
  end
  redis.call('HSET', job_key(id), unpack(args))
  entry.status = to
  entry.at = entry.at or tonumber(now)
  redis.call('RPUSH', history_key(id), cjson.encode(entry))
  announce(id, job.type, to, entry.attempt, entry.workerId, entry.at)
  if to == 'complete' or to == 'failed' then
    finished(now, to)
  end
  -- only a processing job holds a lease, only a finished one is in jobs:finished: an index the
  -- job is not in is left alone (each call costs the script time)
  if to == 'processing' then
    zadd('jobs:leases', fields.leaseUntil, id)
  elseif job.status == 'processing' then
    zrem('jobs:leases', id)
  end
  if FINAL[to] then
    zadd('jobs:finished', now, id)
    zrem('jobs:outbox', id)
  elseif FINAL[job.status] then
    zrem('jobs:finished', id)
  end
end

-- the fields the scripts decide on; nil when there is no such job
local function load(id)
  local v = redis.call('HMGET', job_key(id), 'status', 'type', 'attempts', 'maxAttempts', 'workerId',
    'leaseUntil', 'runAt', 'timeoutMs', 'finishedAt', 'idemKey')
  if not v[1] then
    return nil
  end
  return {status = v[1], type = v[2], attempts = tonumber(v[3]), maxAttempts = tonumber(v[4]), workerId = v[5],
    leaseUntil = tonumber(v[6] or '0'), runAt = tonumber(v[7] or '0'), timeoutMs = tonumber(v[8]),
    finishedAt = tonumber(v[9] or '0'), idemKey = v[10]}
end

-- the holder of the running attempt, as a worker's report must name it
local function holds(job, worker, attempt)
  return job.status == 'processing' and job.workerId == worker and tostring(job.attempts) == attempt
end
