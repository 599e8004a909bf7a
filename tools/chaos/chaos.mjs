// The load and the verdict of bin/chaos (docs/reliability.md). Node 20, no dependencies.
//   node chaos.mjs submit <base> <jobs> <perSecond> <acceptedFile>   steady submissions; each 201's id and type, one per line
//   node chaos.mjs probe <base> <timeoutSeconds>                       seconds until a fresh echo job completes
//   node chaos.mjs verify <base> <acceptedFile> <settleSeconds> <journal>...   waits for the jobs to settle, then judges
import fs from "node:fs";

const [command, base, ...args] = process.argv.slice(2);
const api = base.replace(/\/$/, "") + "/api";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const FINAL = new Set(["complete", "failed", "cancelled"]);

function jobFor(i) {
  const kind = i % 20;
  if (kind < 12) return {type: "echo", payload: {i}, timeoutMs: 10000};
  if (kind < 17) return {type: "sleep", payload: {ms: 50 + (i % 5) * 50}, timeoutMs: 10000};
  return {type: "fail", payload: {times: 1}, maxAttempts: 3, timeoutMs: 10000};
}

async function post(path, body) {
  const response = await fetch(api + path, {method: "POST", headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body), signal: AbortSignal.timeout(10000)});
  return {status: response.status, body: await response.json().catch(() => ({}))};
}

async function getJob(id) {
  try {
    const response = await fetch(api + "/job/" + id, {signal: AbortSignal.timeout(10000)});
    return {status: response.status, job: await response.json().catch(() => null)};
  } catch (e) {
    return {status: 0, job: null};
  }
}

async function submit(n, perSecond, file) {
  const out = fs.openSync(file, "a");
  let accepted = 0, refused = 0, unreachable = 0;
  const t0 = Date.now();
  const inFlight = new Set();
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / perSecond;
    if (due > Date.now()) await sleep(due - Date.now());
    const job = jobFor(i);
    const p = post("/job", job).then(({status, body}) => {
      if (status === 201) {
        accepted++;
        fs.writeSync(out, `${body.id} ${job.type}\n`);
      } else {
        refused++;
      }
    }, () => { unreachable++; }).finally(() => inFlight.delete(p));
    inFlight.add(p);
    while (inFlight.size >= 64) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  fs.closeSync(out);
  console.log(JSON.stringify({submitted: n, accepted, refused, unreachable, seconds: (Date.now() - t0) / 1000}));
}

async function probe(timeoutSeconds) {
  const t0 = Date.now();
  let id = null;
  while (Date.now() - t0 < timeoutSeconds * 1000) {
    try {
      if (!id) {
        const {status, body} = await post("/job", {type: "echo", payload: {probe: true}});
        if (status === 201) id = body.id;
      } else {
        const {job} = await getJob(id);
        if (job && job.status === "complete") {
          console.log(((Date.now() - t0) / 1000).toFixed(1));
          return;
        }
      }
    } catch (e) { /* not yet */ }
    await sleep(200);
  }
  console.log("timeout");
}

async function verify(file, settleSeconds, journals) {
  const accepted = fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")[0]);
  const runs = new Map();
  for (const journal of journals) {
    if (!fs.existsSync(journal)) continue;
    for (const line of fs.readFileSync(journal, "utf8").split("\n").filter(Boolean)) {
      const [id, , outcome] = line.split(" ");
      const r = runs.get(id) || {ok: 0, failed: 0};
      r[outcome === "ok" ? "ok" : "failed"]++;
      runs.set(id, r);
    }
  }
  const t0 = Date.now();
  let states = new Map();
  for (;;) {
    states = new Map();
    for (let i = 0; i < accepted.length; i += 50) {
      const chunk = accepted.slice(i, i + 50);
      const results = await Promise.all(chunk.map(getJob));
      chunk.forEach((id, k) => states.set(id, results[k]));
    }
    const open = [...states.values()].filter((s) => s.status === 200 && !FINAL.has(s.job.status)).length;
    const unknown = [...states.values()].filter((s) => s.status === 0).length;
    if ((open === 0 && unknown === 0) || Date.now() - t0 > settleSeconds * 1000) break;
    await sleep(2000);
  }
  const lost = [], stuck = [], completedTwice = [], ranTwice = [], byStatus = {};
  for (const id of accepted) {
    const {status, job} = states.get(id);
    if (status !== 200) { lost.push(id); continue; }
    byStatus[job.status] = (byStatus[job.status] || 0) + 1;
    if (!FINAL.has(job.status)) stuck.push(id);
    if (job.history.filter((h) => h.status === "complete").length > 1) completedTwice.push(id);
    if ((runs.get(id)?.ok || 0) > 1) ranTwice.push(id);
  }
  const report = {accepted: accepted.length, final: accepted.length - lost.length - stuck.length, byStatus,
    lost: lost.length, stuck: stuck.length, completedTwice: completedTwice.length,
    handlerSucceededMoreThanOnce: ranTwice.length, settleSeconds: (Date.now() - t0) / 1000};
  console.log(JSON.stringify(report));
  for (const [name, ids] of [["lost", lost], ["stuck", stuck], ["completed twice", completedTwice], ["handler succeeded more than once", ranTwice]]) {
    for (const id of ids.slice(0, 20)) {
      console.log(`${name}: ${id} ${JSON.stringify(states.get(id).job?.history ?? states.get(id).status)} runs=${JSON.stringify(runs.get(id) || {})}`);
    }
  }
  // a handler that succeeded twice is at-least-once execution (a worker killed between its handler's end
  // and its report): reported always, a failure only with STRICT_RUNS=1 (docs/reliability.md)
  const strict = process.env.STRICT_RUNS === "1" ? ranTwice.length : 0;
  process.exit(lost.length + stuck.length + completedTwice.length + strict > 0 ? 1 : 0);
}

await ({
  submit: () => submit(Number(args[0]), Number(args[1]), args[2]),
  probe: () => probe(Number(args[0])),
  verify: () => verify(args[0], Number(args[1]), args.slice(2))
}[command] || (() => { throw new Error("unknown command " + command); }))();
