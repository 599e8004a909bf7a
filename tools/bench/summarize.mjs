// Summarizes bin/bench's runs and the BullMQ peer's: medians with min and max, and the ratios
// of docs/performance.md's targets. Usage: node summarize.mjs runs.jsonl bullmq.jsonl out.json settings-json
import fs from "node:fs";

const [runsFile, bullFile, outFile, settingsJson] = process.argv.slice(2);
const lines = (file) => fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l)) : [];
const ours = lines(runsFile);
const peer = lines(bullFile).filter((r) => r.clean !== false || r.attempt >= 4);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };
const spread = (xs) => xs.length ? {median: median(xs), min: Math.min(...xs), max: Math.max(...xs)} : null;
const pick = (rows, scenario, get) => rows.filter((r) => r.scenario === scenario || r.test === scenario).map(get).filter((x) => x != null);

const result = {
  settings: settingsJson ? JSON.parse(settingsJson) : {},
  ours: {
    e2eJobsPerSec: spread(pick(ours, "e2e", (r) => r.e2eJobsPerSec)),
    prefilledDrainJobsPerSec: spread(pick(ours, "prefilled", (r) => r.drainJobsPerSec)),
    roundTripP50Ms: spread(pick(ours, "roundtrip", (r) => r.roundTripMs.p50)),
    roundTripP95Ms: spread(pick(ours, "roundtrip", (r) => r.roundTripMs.p95)),
    roundTripP99Ms: spread(pick(ours, "roundtrip", (r) => r.roundTripMs.p99)),
    // the same round trip told by the API's wait (POST /api/job?waitMs) rather than the event stream
    roundTripWaitP50Ms: spread(pick(ours, "roundtrip-wait", (r) => r.roundTripMs.p50)),
    roundTripWaitP95Ms: spread(pick(ours, "roundtrip-wait", (r) => r.roundTripMs.p95)),
    roundTripWaitP99Ms: spread(pick(ours, "roundtrip-wait", (r) => r.roundTripMs.p99)),
    submitSequentialJobsPerSec: spread(pick(ours, "submit-seq", (r) => r.jobsPerSec)),
    submitSequentialP50Ms: spread(pick(ours, "submit-seq", (r) => r.requestMs.p50)),
    submitSequentialP99Ms: spread(pick(ours, "submit-seq", (r) => r.requestMs.p99)),
    submit64InFlightJobsPerSec: spread(pick(ours, "submit-c64", (r) => r.jobsPerSec)),
    submit64InFlightP50Ms: spread(pick(ours, "submit-c64", (r) => r.requestMs.p50)),
    submit64InFlightP99Ms: spread(pick(ours, "submit-c64", (r) => r.requestMs.p99)),
    submitBatchJobsPerSec: spread(pick(ours, "submit-batch", (r) => r.jobsPerSec)),
    submitBatchP50Ms: spread(pick(ours, "submit-batch", (r) => r.requestMs.p50)),
    submitBatchP99Ms: spread(pick(ours, "submit-batch", (r) => r.requestMs.p99)),
    payaraRssMiB: spread(pick(ours, "rss", (r) => r.payaraRssMiB)),
    e2eCpuMsPer1000Jobs: {
      payara: spread(pick(ours, "cpu", (r) => r.cpuMsPer1000Jobs.payara)),
      redis: spread(pick(ours, "cpu", (r) => r.cpuMsPer1000Jobs.redis)),
      nsqd: spread(pick(ours, "cpu", (r) => r.cpuMsPer1000Jobs.nsqd)),
      client: spread(pick(ours, "e2e", (r) => r.clientCpuMsPer1000Jobs))
    },
    jitCompileMs: Object.fromEntries(["e2e", "prefilled", "roundtrip", "roundtrip-wait", "submit-seq", "submit-c64", "submit-batch"]
      .map((of) => [of, spread(pick(ours.filter((r) => r.of === of), "jit", (r) => r.compileMs))])),
    redisBytesPerJob: spread(pick(ours, "redis", (r) => r.bytesPerJob)),
    workerEventsDropped: spread(pick(ours, "events", (r) => r.droppedTotal)),
    scaleJobsStored: spread(pick(ours, "scale", (r) => r.jobsStored)),
    scaleGetJobP99Ms: spread(pick(ours, "scale", (r) => r.getJobMs.p99)),
    scaleFilteredPageP99Ms: spread(pick(ours, "scale", (r) => r.filteredPageMs.p99)),
    scaleTypePageP99Ms: spread(pick(ours, "scale", (r) => r.typePageMs?.p99)),
    scalePageP99Ms: spread(pick(ours, "scale", (r) => r.pageMs?.p99)),
    scaleStatsP99Ms: spread(pick(ours, "scale", (r) => r.statsMs.p99)),
    // e2e once more after each scale run, with its store of SCALE jobs (the e2e above starts from an emptied one)
    scaleE2eJobsPerSec: spread(pick(ours, "e2e-stored", (r) => r.e2eJobsPerSec))
  },
  bullmq: {
    e2eJobsPerSec: spread(pick(peer, "mixed50", (r) => r.e2eJobsPerSec)),
    prefilledDrainJobsPerSec: spread(pick(peer, "bulk-drain50", (r) => r.drainJobsPerSec)),
    roundTripP50Ms: spread(pick(peer, "latency", (r) => r.p50)),
    roundTripP99Ms: spread(pick(peer, "latency", (r) => r.p99))
  }
};
const ratio = (a, b) => a && b ? +(a.median / b.median).toFixed(2) : null;
result.ratios = {
  e2eOursOverBullmq: ratio(result.ours.e2eJobsPerSec, result.bullmq.e2eJobsPerSec),
  prefilledDrainOursOverBullmq: ratio(result.ours.prefilledDrainJobsPerSec, result.bullmq.prefilledDrainJobsPerSec),
  roundTripP50OursOverBullmq: ratio(result.ours.roundTripP50Ms, result.bullmq.roundTripP50Ms),
  roundTripP99OursOverBullmq: ratio(result.ours.roundTripP99Ms, result.bullmq.roundTripP99Ms),
  roundTripWaitP50OursOverBullmq: ratio(result.ours.roundTripWaitP50Ms, result.bullmq.roundTripP50Ms),
  roundTripWaitP99OursOverBullmq: ratio(result.ours.roundTripWaitP99Ms, result.bullmq.roundTripP99Ms)
};
fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");

const fmt = (s) => !s ? "n/a" : s.min === undefined ? `${s.median}` : `${s.median} (${s.min} .. ${s.max})`;
const rows = [
  ["end to end, jobs/s (target >= 1.0x BullMQ)", result.ours.e2eJobsPerSec, result.bullmq.e2eJobsPerSec, result.ratios.e2eOursOverBullmq],
  ["drain a pre-filled queue, jobs/s (no target)", result.ours.prefilledDrainJobsPerSec, result.bullmq.prefilledDrainJobsPerSec, result.ratios.prefilledDrainOursOverBullmq],
  ["round trip p50 ms (target <= 2x)", result.ours.roundTripP50Ms, result.bullmq.roundTripP50Ms, result.ratios.roundTripP50OursOverBullmq],
  ["round trip p99 ms (target <= 1.5x)", result.ours.roundTripP99Ms, result.bullmq.roundTripP99Ms, result.ratios.roundTripP99OursOverBullmq],
  ["round trip p95 ms", result.ours.roundTripP95Ms, null, null],
  ["round trip by waitMs: p50 ms (target <= 2x)", result.ours.roundTripWaitP50Ms, result.bullmq.roundTripP50Ms, result.ratios.roundTripWaitP50OursOverBullmq],
  ["  p99 ms (target <= 1.5x)", result.ours.roundTripWaitP99Ms, result.bullmq.roundTripP99Ms, result.ratios.roundTripWaitP99OursOverBullmq],
  ["  p95 ms", result.ours.roundTripWaitP95Ms, null, null],
  ["submit one at a time, jobs/s", result.ours.submitSequentialJobsPerSec, null, null],
  ["  p50 / p99 ms", {median: `${result.ours.submitSequentialP50Ms?.median} / ${result.ours.submitSequentialP99Ms?.median}`}, null, null],
  ["submit 64 in flight, jobs/s", result.ours.submit64InFlightJobsPerSec, null, null],
  ["  p50 / p99 ms", {median: `${result.ours.submit64InFlightP50Ms?.median} / ${result.ours.submit64InFlightP99Ms?.median}`}, null, null],
  ["submit batches of 1000, jobs/s", result.ours.submitBatchJobsPerSec, null, null],
  ["  p50 / p99 ms per request", {median: `${result.ours.submitBatchP50Ms?.median} / ${result.ours.submitBatchP99Ms?.median}`}, null, null],
  ["Payara Micro RSS after e2e, MiB (target < 512)", result.ours.payaraRssMiB, null, null],
  ["e2e CPU ms/1000 jobs: Payara/redis/nsqd/client", {median: ["payara", "redis", "nsqd", "client"]
    .map((k) => result.ours.e2eCpuMsPer1000Jobs[k]?.median ?? "n/a").join(" / ")}, null, null],
  ["JIT ms: e2e/prefilled/rt/rt-wait/seq/c64/batch", {median: Object.values(result.ours.jitCompileMs)
    .map((s) => s?.median ?? "n/a").join(" / ")}, null, null],
  ["Redis bytes per stored job", result.ours.redisBytesPerJob, null, null],
  ["worker events dropped, whole bench", result.ours.workerEventsDropped, null, null],
  ["scale: jobs stored", result.ours.scaleJobsStored, null, null],
  ["  p99 ms GET /api/job/{id} (target < 10)", result.ours.scaleGetJobP99Ms, null, null],
  ["  p99 ms filtered GET /api/job (target < 10)", result.ours.scaleFilteredPageP99Ms, null, null],
  ["  p99 ms GET /api/job?type= (no status)", result.ours.scaleTypePageP99Ms, null, null],
  ["  p99 ms GET /api/job (no filter)", result.ours.scalePageP99Ms, null, null],
  ["  p99 ms GET /api/job/stats (target < 10)", result.ours.scaleStatsP99Ms, null, null],
  ["  end to end with that store, jobs/s (no target)", result.ours.scaleE2eJobsPerSec, null, null]
];
console.log("\nscenario".padEnd(52) + "ours: median (min .. max)".padEnd(34) + "BullMQ".padEnd(30) + "ratio");
for (const [name, o, b, r] of rows) {
  console.log(name.padEnd(51) + fmt(o).padEnd(34) + fmt(b).padEnd(30) + (r ?? ""));
}
console.log(`\nsettings: ${JSON.stringify(result.settings)}; figures in ${outFile}`);
