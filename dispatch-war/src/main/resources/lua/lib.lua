-- Shared by every job script: prepended to each one when it is loaded (LuaScript.fromResources).
-- Keys are computed here from the job id, type and status, so these scripts need a standalone
-- Redis (or Sentinel); see docs/redis.md for the key schema.
-- The globals these scripts call in every job's steps, as locals: a global is a table lookup each
-- time (docs/performance.md, item 51)
local call, encode, unpack, tonumber, tostring = redis.call, cjson.encode, unpack, tonumber, tostring
local format, floor = string.format, math.floor
-- a whole number as text: printf's integer path, not the floating-point one tostring takes
local function int_text(n) return format('%d', n) end

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
      call('ZADD', key, score, id)
    else
      call('ZREM', key, id)
    end
    return
  end
  local set = batch.sets[key]
  if not set then
    set = {ids = {}, n = 0, scores = {}}
    batch.sets[key] = set
    batch.nkeys = batch.nkeys + 1
    batch.keys[batch.nkeys] = key
  end
  local scores = set.scores
  if scores[id] == nil then
    set.n = set.n + 1
    set.ids[set.n] = id
  end
  scores[id] = score or false
end
local function zadd(key, score, id) zset_write(key, id, score) end
local function zrem(key, id) zset_write(key, id, nil) end
-- a member's score as this script call has left it (a batch's own writes are not yet made): its
-- text, or nil when it is not in the set
local function zscore(key, id)
  local set = batch and batch.sets[key]
  local written = set and set.scores[id]
  if written ~= nil then
    return written or nil
  end
  return call('ZSCORE', key, id) or nil
end

-- jobs finished per minute, for the console's chart; each minute's counts live two hours (set
-- when the minute's first count of that kind creates its field)
local function count_finished(minute, status, n)
  local key = 'jobs:throughput:' .. minute
  if call('HINCRBY', key, status, n) == n then
    call('EXPIRE', key, 7200)
  end
end
local minute_of = {}
local function finished(now, status)
  local minute = minute_of[now]
  if not minute then
    minute = int_text(floor(tonumber(now) / 60000))
    minute_of[now] = minute
  end
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
  batch = {keys = {}, nkeys = 0, sets = {}, finished = {}}
end
local function end_batch()
  local done = batch
  batch = nil
  for k = 1, done.nkeys do
    local key = done.keys[k]
    local set = done.sets[key]
    local ids, scores = set.ids, set.scores
    local adds, removes, na, nr = {}, {}, 0, 0
    for i = 1, set.n do
      local id = ids[i]
      local score = scores[id]
      if score then
        adds[na + 1] = score
        adds[na + 2] = id
        na = na + 2
        if na >= BATCH_ARGS then
          call('ZADD', key, unpack(adds, 1, na))
          na = 0
        end
      else
        nr = nr + 1
        removes[nr] = id
        if nr >= BATCH_ARGS then
          call('ZREM', key, unpack(removes, 1, nr))
          nr = 0
        end
      end
    end
    if na > 0 then
      call('ZADD', key, unpack(adds, 1, na))
    end
    if nr > 0 then
      call('ZREM', key, unpack(removes, 1, nr))
    end
  end
  for minute, counts in pairs(done.finished) do
    for status, n in pairs(counts) do
      count_finished(minute, status, n)
    end
  end
end

-- the listing indexes by status, and by status and type; their names made once per script call
local index_names = {}
local function indexes(type, status)
  local by_type = index_names[status]
  if not by_type then
    by_type = {all = 'jobs:status:' .. status}
    index_names[status] = by_type
  end
  local typed = by_type[type]
  if not typed then
    typed = by_type.all .. ':type:' .. type
    by_type[type] = typed
  end
  return by_type.all, typed
end
local function index_add(id, type, status)
  local all, typed = indexes(type, status)
  zadd(all, '0', id)
  zadd(typed, '0', id)
end
local function index_remove(id, type, status)
  local all, typed = indexes(type, status)
  zrem(all, id)
  zrem(typed, id)
end

-- tells every dispatch instance (and through it every console) that a job changed. The message
-- is built and published only when the channel has a subscriber, asked once per script call: no
-- subscription can begin or end while a script runs, so a subscriber misses nothing, and while
-- nobody follows the jobs (no event stream open) no transition costs Redis its JSON or its PUBLISH
local listened
local function announce(id, type, status, attempt, worker, at)
  if listened == nil then
    listened = call('PUBSUB', 'NUMSUB', 'jobs:events')[2] > 0
  end
  if listened then
    call('PUBLISH', 'jobs:events', encode({id = id, type = type, status = status, attempt = attempt,
      workerId = worker, at = at}))
  end
end

local FINAL = {complete = true, failed = true, cancelled = true}

-- moves the job to another status: the hash (fields: more to set), the indexes and the history in
-- one step; now is the time as ARGV gave it (text); lease (text) is the lease of a job moved to
-- processing, kept as its score in jobs:leases only
local function transition(id, job, to, now, entry, fields, lease)
  index_remove(id, job.type, job.status)
  index_add(id, job.type, to)
  local args, n = {'status', to, 'updatedAt', now}, 4
  if fields then
    for k, v in pairs(fields) do
      args[n + 1] = k
      args[n + 2] = v
      n = n + 2
    end
  end
  call('HSET', job_key(id), unpack(args, 1, n))
  entry.status = to
  entry.at = entry.at or tonumber(now)
  call('RPUSH', history_key(id), encode(entry))
  announce(id, job.type, to, entry.attempt, entry.workerId, entry.at)
  if to == 'complete' or to == 'failed' then
    finished(now, to)
  end
  -- only a processing job holds a lease, only a finished one is in jobs:finished: an index the
  -- job is not in is left alone (each call costs the script time)
  if to == 'processing' then
    zadd('jobs:leases', lease, id)
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
  local v = call('HMGET', job_key(id), 'status', 'type', 'attempts', 'maxAttempts', 'workerId',
    'runAt', 'timeoutMs', 'finishedAt', 'idemKey')
  if not v[1] then
    return nil
  end
  return {status = v[1], type = v[2], attempts = tonumber(v[3]), attempt_text = v[3], maxAttempts = tonumber(v[4]),
    workerId = v[5], runAt = tonumber(v[6] or '0'), timeoutMs = tonumber(v[7]), finishedAt = tonumber(v[8] or '0'),
    idemKey = v[9]}
end

-- the lease of a processing job (epoch ms; 0 when it has none, as after the lease sweep): the
-- job's score in jobs:leases, the one place it is kept
local function lease_of(id)
  return tonumber(zscore('jobs:leases', id) or '0')
end

-- what a report of the running attempt is decided on (a completion), and no more: each field
-- HMGET finds costs a walk of the job's hash
local function load_holder(id)
  local v = call('HMGET', job_key(id), 'status', 'type', 'attempts', 'workerId')
  if not v[1] then
    return nil
  end
  return {status = v[1], type = v[2], attempts = tonumber(v[3]), attempt_text = v[3], workerId = v[4]}
end

-- the holder of the running attempt, as a worker's report must name it (the attempt as text)
local function holds(job, worker, attempt)
  return job.status == 'processing' and job.workerId == worker and job.attempt_text == attempt
end
