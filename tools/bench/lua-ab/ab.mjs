// A/B of the job scripts in one redis-server, as e2e drives them: create in batches of 100, then
// claims and completions in batches of 28 (what a worker's batch carries in e2e). Rounds of
// PER (14,000) jobs alternate between the scripts of directory A and of directory B, A first in
// one round and B first in the next; each round's redis-server CPU (/proc) per job is kept, and
// the medians printed. Run by bin/bench-lua.
//   node ab.mjs PORT ROUNDS REDIS_PID DIR_A DIR_B
import {createRequire} from "module";
import fs from "fs";
const require = createRequire(import.meta.url);
const Redis = require("ioredis");
const port = +process.argv[2], rounds = +(process.argv[3] || 20), perRound = +(process.env.PER || 14000);
const redisPid = process.argv[4];
const load = (dir) => Object.fromEntries(["create", "claim", "complete"].map(n =>
  [n, fs.readFileSync(dir + "/lib.lua", "utf8") + "\n" + fs.readFileSync(dir + "/" + n + ".lua", "utf8") + "\n"]));
const sets = {A: load(process.argv[5]), B: load(process.argv[6])};
// scripts from 2026-11-29 on decide a batch of claims or completions in one call (ARGV: the
// batch's common values, then the items); earlier ones one item per call, run in a pipeline
const multi = Object.fromEntries(Object.entries(sets).map(([k, s]) => [k, s.claim.includes("for i = 5, #ARGV do")]));
const r = new Redis(port);
const sha = {};
for (const [k, s] of Object.entries(sets)) { sha[k] = {}; for (const [n, src] of Object.entries(s)) sha[k][n] = await r.script("LOAD", src); }
// user + system CPU of redis-server, ms (clock ticks of 10 ms, as on Linux)
const cpu = () => { const f = fs.readFileSync(`/proc/${redisPid}/stat`, "utf8").split(") ")[1].split(" "); return (+f[11] + +f[12]) * 10; };
let seq = 0;
const uuid = () => { const t = Date.now().toString(16).padStart(12, "0"); const n = (seq++).toString(16).padStart(12, "0");
  return `${t.slice(0,8)}-${t.slice(8,12)}-7000-8000-${n}`; };
async function round(k) {
  const ids = [];
  for (let b = 0; b < perRound; b += 100) {
    const args = [Date.now().toString()];
    for (let i = 0; i < 100; i++) { const id = uuid(); ids.push(id); args.push(id, "echo", '{"i":1}', "3", "60000", "", (Date.now() + 5000).toString(), ""); }
    await r.evalsha(sha[k].create, 0, ...args);
  }
  for (let b = 0; b < ids.length; b += 28) {
    const batch = ids.slice(b, b + 28), now = Date.now().toString();
    if (multi[k]) {
      const res = await r.evalsha(sha[k].claim, 0, "w1", now, "30000", "0", ...batch);
      if (res[0][0] !== "claimed") throw new Error("claim: " + JSON.stringify(res[0]));
    } else {
      const p = r.pipeline();
      for (const id of batch) p.evalsha(sha[k].claim, 0, id, "w1", now, "30000", "0");
      const res = await p.exec();
      if (res[0][1][0] !== "claimed") throw new Error("claim: " + JSON.stringify(res[0]));
    }
  }
  for (let b = 0; b < ids.length; b += 28) {
    const batch = ids.slice(b, b + 28), now = Date.now().toString();
    if (multi[k]) {
      const res = await r.evalsha(sha[k].complete, 0, now, ...batch.flatMap((id) => [id, "w1", "1", '{"ok":true}']));
      if (res[0][0] !== "done") throw new Error("complete: " + JSON.stringify(res[0]));
    } else {
      const p = r.pipeline();
      for (const id of batch) p.evalsha(sha[k].complete, 0, id, "w1", "1", now, '{"ok":true}');
      const res = await p.exec();
      if (res[0][1][0] !== "done") throw new Error("complete: " + JSON.stringify(res[0]));
    }
  }
}
const tot = {A: [], B: []};
for (let i = 0; i < 3; i++) { await round("A"); await round("B"); }
for (let i = 0; i < rounds; i++) {
  for (const k of (i % 2 ? ["A", "B"] : ["B", "A"])) {
    const c0 = cpu(); await round(k); tot[k].push((cpu() - c0) * 1000 / perRound);
  }
}
const med = a => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const k of ["A", "B"]) console.log(k, "redis CPU us/job median", med(tot[k]).toFixed(1), "min", Math.min(...tot[k]).toFixed(1), "max", Math.max(...tot[k]).toFixed(1));
r.disconnect();
