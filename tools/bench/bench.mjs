// Load client of bin/bench: runs the scenarios of docs/performance.md against a running system
// and prints one JSON object per run. Node 20, no dependencies: node:http with a keep-alive agent
// (Node's fetch costs ~0.5-0.8 ms more per request on this machine: docs/performance.md).
// Usage: [BENCH_REDIS=host:port] node bench.mjs <baseUrl> <scenario> [n] [nsqdHttpUrl]
//   BENCH_REDIS: the system's redis-server; e2e and prefilled then end at the last completion it
//   recorded (its time in jobs:finished), as BullMQ's peer ends at its worker's last "completed",
//   rather than at the poll of /api/job/stats that found them all complete (up to 50 ms later)
//   submit-seq | submit-c64 | submit-batch | e2e | roundtrip | scale | drain (waits for queued jobs)
//   prefilled (needs nsqd's HTTP URL: pauses the worker's channel, submits n jobs, then times the drain)
import http from "node:http";
import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";

const [base, scenario, nArg, nsqdHttp] = process.argv.slice(2);
const api = base.replace(/\/$/, "") + "/api";
const now = () => performance.now();
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p / 100 * sorted.length))];
const r1 = (x) => Math.round(x * 10) / 10;
// latencies to the microsecond, as the BullMQ peer reports its own (r3 in its bench.js)
const r3 = (x) => Math.round(x * 1000) / 1000;

const agent = new http.Agent({keepAlive: true});
// batch submits ask for each job's id and status only, as BullMQ's addBulk gets only ids from its
// Redis (docs/api.md; BENCH_BATCH_ANSWER=full asks for the whole jobs)
const batchHeaders = process.env.BENCH_BATCH_ANSWER === "full" ? {} : {Prefer: "return=minimal"};
// one request; resolves to {status, body (a string)}; a response with a streamed body goes to onStream instead
function request(method, path, body, onStream, extraHeaders) {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : {"Content-Type": "application/json", "Content-Length": Buffer.byteLength(body)};
    Object.assign(headers, extraHeaders);
    if (onStream) headers.Accept = "text/event-stream";
    const req = http.request(api + path, {method, agent, headers}, (response) => {
      response.setEncoding("utf8");
      if (onStream) return resolve({status: response.statusCode, request: req, stream: response});
      let text = "";
      response.on("data", (chunk) => text += chunk);
      response.on("end", () => resolve({status: response.statusCode, body: text}));
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}
async function get(path) {
  const response = await request("GET", path);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${response.body}`);
  return JSON.parse(response.body);
}
async function post(path, body, headers) {
  const response = await request("POST", path, JSON.stringify(body), undefined, headers);
  if (response.status >= 300) throw new Error(`${path}: ${response.status} ${response.body}`);
  return JSON.parse(response.body);
}
async function stats() {
  return get("/job/stats");
}
function latencies(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {p50: r3(pct(sorted, 50)), p95: r3(pct(sorted, 95)), p99: r3(pct(sorted, 99)), max: r3(sorted[sorted.length - 1])};
}

// A server-sent-event reader: calls onEvent(data) for each event the query lets through; returns a stop function.
async function follow(onEvent, query = "") {
  const {status, request: req, stream} = await request("GET", "/job/events" + query, undefined, true);
  if (status !== 200) throw new Error(`/job/events: ${status}`);
  let buffer = "";
  stream.on("data", (chunk) => {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5)).join("");
      if (data) onEvent(JSON.parse(data));
    }
  });
  stream.on("error", () => { /* destroyed by stop */ });
  return () => req.destroy();
}

async function submitSequential(n) {
  const samples = [];
  const t0 = now();
  for (let i = 0; i < n; i++) {
    const s = now();
    await post("/job", {type: "echo", payload: {i}});
    samples.push(now() - s);
  }
  return {jobs: n, jobsPerSec: r1(n / ((now() - t0) / 1000)), requestMs: latencies(samples)};
}

async function submitConcurrent(n, inFlight) {
  const samples = [];
  let next = 0;
  const t0 = now();
  await Promise.all(Array.from({length: inFlight}, async () => {
    while (next < n) {
      const i = next++;
      const s = now();
      await post("/job", {type: "echo", payload: {i}});
      samples.push(now() - s);
    }
  }));
  return {jobs: n, inFlight, jobsPerSec: r1(n / ((now() - t0) / 1000)), requestMs: latencies(samples)};
}

function batchBody(from, size) {
  return {jobs: Array.from({length: size}, (_, k) => ({type: "echo", payload: {i: from + k}}))};
}

async function submitBatches(n, size = 1000) {
  const samples = [];
  const t0 = now();
  for (let from = 0; from < n; from += size) {
    const s = now();
    await post("/job/batch", batchBody(from, Math.min(size, n - from)), batchHeaders);
    samples.push(now() - s);
  }
  return {jobs: n, perRequest: size, jobsPerSec: r1(n / ((now() - t0) / 1000)), requestMs: latencies(samples)};
}

// waits until the worker has run every job of the scenarios before (submit-c64, submit-batch leave
// thousands queued), so that a scenario neither counts their completions nor waits behind them
async function drain() {
  for (let s = await stats(); s.byStatus.queued + s.byStatus.processing > 0; s = await stats()) {
    await new Promise((r) => setTimeout(r, 200));
  }
}

// returns once /api/job/stats counts this many complete jobs, asking every intervalMs
async function completed(count, intervalMs) {
  while ((await stats()).byStatus.complete < count) {
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// epoch ms of the latest completion the store holds (the score of jobs:finished's last member:
// the time dispatch recorded it), asked with redis-cli as bin/bench asks its other figures; null
// without BENCH_REDIS or with an empty set
function lastCompletion() {
  const address = process.env.BENCH_REDIS;
  if (!address) return null;
  const [host, port] = address.split(":");
  const reply = execFileSync("redis-cli", ["-h", host, "-p", port, "ZRANGE", "jobs:finished", "-1", "-1", "WITHSCORES"],
    {encoding: "utf8"}).trim().split("\n");
  return reply.length === 2 ? Number(reply[1]) : null;
}

// ms from t0 (a now()) to the last completion, when the store tells it; else to polledAt
function untilLastCompletion(t0, polledAt) {
  const last = lastCompletion();
  if (last === null) return {elapsed: polledAt - t0, endedAt: "poll"};
  const elapsed = last - (performance.timeOrigin + t0);
  // the store's clock is the machine's, as this one is: a time outside the run is a clock that
  // moved (or a store another run wrote), and the poll's time is kept
  if (!(elapsed > 0) || elapsed > polledAt - t0 + 5) return {elapsed: polledAt - t0, endedAt: "poll (the last completion's time was outside the run)"};
  return {elapsed, endedAt: "last completion"};
}

// 20,000 echo jobs submitted in batches of 1000 while the worker runs; first submit to last complete
// (the last completion's own time with BENCH_REDIS, else the poll that found them all)
async function endToEnd(n) {
  await drain();
  const before = (await stats()).byStatus.complete;
  const t0 = now();
  const cpu0 = process.cpuUsage();
  const submitting = submitBatches(n);
  await completed(before + n, 50);
  const polledAt = now();
  const submitted = await submitting;
  const cpu = process.cpuUsage(cpu0);
  const {elapsed, endedAt} = untilLastCompletion(t0, polledAt);
  return {jobs: n, e2eJobsPerSec: r1(n / (elapsed / 1000)), e2eMs: r1(elapsed), endedAt, polledMs: r1(polledAt - t0),
    submitJobsPerSec: submitted.jobsPerSec, clientCpuMsPer1000Jobs: r1((cpu.user + cpu.system) / n)};
}

// BullMQ's bulk-drain50: n echo jobs wait on NSQ (the worker's channel paused while they are
// submitted), then the worker runs them all; jobs/s from the unpause until the last completion
// (found by polling /api/job/stats every 10 ms; its own time with BENCH_REDIS). BullMQ times from its first completion to its last.
async function prefilled(n, channel = "worker") {
  if (!nsqdHttp) throw new Error("prefilled needs nsqd's HTTP URL as its fourth argument");
  const nsqd = (action) => new Promise((resolve, reject) => {
    const req = http.request(`${nsqdHttp.replace(/\/$/, "")}/channel/${action}?topic=job_run&channel=${channel}`, {method: "POST"},
      (response) => { response.resume(); response.on("end", () => response.statusCode === 200 ? resolve()
        : reject(new Error(`nsqd ${action}: ${response.statusCode}`))); });
    req.on("error", reject);
    req.end();
  });
  await drain();
  const before = (await stats()).byStatus.complete;
  await nsqd("pause");
  let t0, cpu0;
  try {
    await submitBatches(n);
    t0 = now();
    cpu0 = process.cpuUsage();
  } finally {
    await nsqd("unpause");
  }
  await completed(before + n, 10);
  const polledAt = now();
  const cpu = process.cpuUsage(cpu0);
  const {elapsed, endedAt} = untilLastCompletion(t0, polledAt);
  return {jobs: n, drainJobsPerSec: r1(n / (elapsed / 1000)), drainMs: r1(elapsed), endedAt, polledMs: r1(polledAt - t0),
    clientCpuMsPer1000Jobs: r1((cpu.user + cpu.system) / n)};
}

// jobs one after another, each from POST until its "complete" event arrives
async function roundTrip(n, warmup = 20) {
  await drain();
  const waiting = new Map();
  const completed = new Set();   // a job may complete before its POST has answered
  const stop = await follow((event) => {
    if (event.status !== "complete") return;
    completed.add(event.id);
    if (waiting.has(event.id)) {
      waiting.get(event.id)();
      waiting.delete(event.id);
    }
  }, "?status=complete");
  await new Promise((r) => setTimeout(r, 300));
  const samples = [];
  for (let i = 0; i < n + warmup; i++) {
    const s = now();
    const job = await post("/job", {type: "echo", payload: {i}});
    if (!completed.has(job.id)) {
      await new Promise((r) => waiting.set(job.id, r));
    }
    completed.delete(job.id);
    if (i >= warmup) samples.push(now() - s);
  }
  stop();
  return {jobs: n, roundTripMs: latencies(samples)};
}

// Scenario 3 by the API's wait: each POST asks (waitMs) to be answered once its job has ended
async function roundTripWait(n, warmup = 20) {
  await drain();
  const samples = [];
  for (let i = 0; i < n + warmup; i++) {
    const s = now();
    const job = await post("/job?waitMs=10000", {type: "echo", payload: {i}});
    if (job.status !== "complete") throw new Error("not complete within the wait: " + JSON.stringify(job));
    if (i >= warmup) samples.push(now() - s);
  }
  return {jobs: n, roundTripMs: latencies(samples)};
}

// Scenario 5: tops the store up to n jobs (scheduled a day ahead, so they stay in Redis and
// cost no worker time), then reads one job, a filtered page and the stats, one request at a time
async function scale(n, reads = 1000) {
  const types = 10;
  const t0 = now();
  let stored = (await stats()).total;
  const filling = stored;
  const ids = [];
  await Promise.all(Array.from({length: 4}, async () => {
    while (stored < n) {
      const size = Math.min(1000, n - stored);
      stored += size;
      const body = {jobs: Array.from({length: size}, (_, k) => ({type: `scale-${k % types}`, payload: {k}, delayMs: 86_400_000}))};
      const created = await post("/job/batch", body, batchHeaders);
      if (ids.length < 10_000) ids.push(...created.jobs.map((j) => j.id));
    }
  }));
  const fillSeconds = r1((now() - t0) / 1000);
  if (ids.length === 0) {
    const page = await get("/job?limit=1000");
    ids.push(...page.items.map((j) => j.id));
  }
  // the reads are measured on an otherwise idle system: the worker first finishes the earlier scenarios' jobs
  await drain();
  async function timed(count, url) {
    const samples = [];
    for (let i = 0; i < count; i++) {
      const s = now();
      await get(url(i));
      samples.push(now() - s);
    }
    return latencies(samples);
  }
  return {
    jobsStored: (await stats()).total, filledFrom: filling, fillSeconds,
    getJobMs: await timed(reads, (i) => `/job/${ids[(i * 7919) % ids.length]}`),
    filteredPageMs: await timed(reads, (i) => `/job?status=scheduled&type=scale-${i % types}&limit=20`),
    // no status: the newest of the six status indexes together (docs/redis.md)
    typePageMs: await timed(reads, (i) => `/job?type=scale-${i % types}&limit=20`),
    pageMs: await timed(reads, () => "/job?limit=20"),
    statsMs: await timed(reads, () => "/job/stats")
  };
}

const n = Number(nArg || 0);
const result = await ({
  "submit-seq": () => submitSequential(n || 2000),
  "submit-c64": () => submitConcurrent(n || 10000, 64),
  "submit-batch": () => submitBatches(n || 20000),
  "e2e": () => endToEnd(n || 20000),
  "prefilled": () => prefilled(n || 20000),
  "roundtrip": () => roundTrip(n || 500),
  "roundtrip-wait": () => roundTripWait(n || 500),
  "scale": () => scale(n || 1_000_000),
  "drain": async () => { await drain(); return {}; }
}[scenario] || (() => { throw new Error("unknown scenario " + scenario); }))();
console.log(JSON.stringify({scenario, ...result}));
process.exit(0);
