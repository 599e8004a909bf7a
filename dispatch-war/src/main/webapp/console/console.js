// The jobs console: plain JavaScript on the job API, live through GET /api/job/events (SSE).
(() => {
  "use strict";
  const API = "../api";
  const STATUSES = ["scheduled", "queued", "processing", "complete", "failed", "cancelled"];
  const main = document.getElementById("main");
  const live = document.getElementById("live");
  let view = null;          // the current view: {render(), onEvent(event), stop()}

  // --- helpers -------------------------------------------------------------------------------
  const esc = (value) => String(value ?? "").replace(/[&<>"']/g,
      (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
  const badge = (status) => `<span class="status ${esc(status)}">${esc(status)}</span>`;
  const time = (iso) => iso ? new Date(iso).toLocaleString() : "";
  // --- sign-in: a bearer token (docs/security.md), kept for this tab only ----------------------
  const TOKEN_KEY = "jobs.token";
  const token = () => sessionStorage.getItem(TOKEN_KEY);
  const authHeaders = () => token() ? {"Authorization": "Bearer " + token()} : {};
  class SignInNeeded extends Error {}
  function signIn(reason) {
    if (view) view.stop();
    view = {render() {}, onEvent() {}, stop() {}};
    document.title = "Jobs console: sign in";
    main.innerHTML = `<section class="card signin"><h2>Sign in</h2>
      <p>${esc(reason)}</p>
      <form id="signin"><label for="token">Access token (a JWT with the role client or admin)</label>
      <textarea id="token" rows="4" required autocomplete="off" spellcheck="false"></textarea>
      <button type="submit">Sign in</button></form></section>`;
    document.getElementById("signin").addEventListener("submit", (e) => {
      e.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
      follow();
      route();
    });
    document.getElementById("token").focus();
  }
  document.getElementById("signout").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    signIn("Signed out.");
  });

  async function api(path, options = {}) {
    const response = await fetch(API + path, {...options, headers: {"Accept": "application/json", ...authHeaders()}});
    if (response.status === 401 || response.status === 403) {
      const problem = await response.json().catch(() => ({}));
      if (response.status === 401 || options.method === undefined) {
        signIn(response.status === 401 ? "This console needs you to sign in." : problem.detail || "Your token may not read jobs.");
        throw new SignInNeeded(problem.detail || "sign-in needed");
      }
    }
    if (response.status === 204) {
      return null;
    }
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      throw new Error(body.detail || `${response.status} ${response.statusText}`);
    }
    return body;
  }
  // at most one call per interval, the last one always made
  function throttle(fn, ms) {
    let timer = null;
    let again = false;
    return () => {
      if (timer) {
        again = true;
        return;
      }
      fn();
      timer = setTimeout(() => {
        timer = null;
        if (again) {
          again = false;
          fn();
        }
      }, ms);
    };
  }
  function confirmAction(text) {
    const dialog = document.getElementById("confirm");
    document.getElementById("confirm-text").textContent = text;
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), {once: true});
      dialog.showModal();
      document.getElementById("confirm-no").focus();
    });
  }
  function every(ms, fn) {
    fn();
    return setInterval(fn, ms);
  }

  // --- overview ------------------------------------------------------------------------------
  function overview() {
    main.innerHTML = `
      <h2 id="counts-title">Jobs by status</h2>
      <div class="cards" id="counts" aria-labelledby="counts-title" aria-live="polite"></div>
      <h2>Completed and failed per minute, last hour</h2>
      <div class="panel"><svg class="chart" id="chart" role="img" aria-label="Jobs completed and failed per minute"></svg>
        <div class="legend"><span class="c">complete</span><span class="f">failed</span></div></div>
      <div class="panels">
        <section class="panel"><h2>NSQ (nsqd /stats)</h2><div id="nsq">loading…</div></section>
        <section class="panel"><h2>Redis (per type)</h2><div id="types">loading…</div></section>
      </div>`;
    const counts = throttle(async () => {
      const stats = await api("/job/stats");
      if (!document.getElementById("counts")) return;   // the view changed meanwhile
      document.getElementById("counts").innerHTML = STATUSES.map((s) =>
          `<div class="card" data-status="${s}"><div class="n">${stats.byStatus[s]}</div><div class="l">${badge(s)}</div></div>`).join("")
          + `<div class="card" data-status="total"><div class="n">${stats.total}</div><div class="l">stored</div></div>`;
      document.getElementById("types").innerHTML = stats.byType.length === 0 ? "<p>No jobs stored.</p>" :
          `<table><caption>Jobs per type and status</caption><thead><tr><th>type</th>${STATUSES.map((s) => `<th>${s}</th>`).join("")}</tr></thead><tbody>`
          + stats.byType.map((t) => `<tr><td class="mono">${esc(t.type)}</td>${STATUSES.map((s) => `<td>${t.counts[s]}</td>`).join("")}</tr>`).join("")
          + "</tbody></table>";
    }, 500);
    const chart = throttle(async () => drawChart((await api("/job/throughput?minutes=60")).minutes), 2000);
    const nsq = async () => {
      try {
        const s = await api("/nsq/stats");
        const box = document.getElementById("nsq");
        if (!box) return;
        box.innerHTML = `<p>topic <span class="mono">${esc(s.topic)}</span>: ${s.messageCount} published, ${s.depth} waiting in the topic</p>
          <table><caption>Channels</caption><thead><tr><th>channel</th><th>depth</th><th>in flight</th><th>deferred</th><th>requeued</th><th>timed out</th><th>consumers</th></tr></thead><tbody>
          ${s.channels.map((c) => `<tr><td class="mono">${esc(c.channel)}</td><td>${c.depth}</td><td>${c.inFlight}</td><td>${c.deferred}</td><td>${c.requeued}</td><td>${c.timedOut}</td><td>${c.clients}</td></tr>`).join("")}
          </tbody></table>`;
      } catch (e) {
        if (e instanceof SignInNeeded) return;
        const box = document.getElementById("nsq");
        if (box) box.innerHTML = `<p class="error">${esc(e.message)}</p>`;
      }
    };
    counts();
    chart();
    const timers = [every(5000, nsq), setInterval(chart, 15000)];
    return {onEvent: () => { counts(); chart(); }, stop: () => timers.forEach(clearInterval)};
  }

  function drawChart(minutes) {
    const svg = document.getElementById("chart");
    if (!svg) {
      return;
    }
    const width = svg.clientWidth || 800;
    const height = 160;
    const max = Math.max(1, ...minutes.map((m) => m.complete + m.failed));
    const bar = width / minutes.length;
    svg.setAttribute("viewBox", `0 0 ${width} ${height + 20}`);
    svg.innerHTML = minutes.map((m, i) => {
      const c = (m.complete / max) * height;
      const f = (m.failed / max) * height;
      const x = i * bar + 1;
      const label = `${new Date(m.minute).toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"})}: ${m.complete} complete, ${m.failed} failed`;
      return `<g><title>${esc(label)}</title>
        <rect x="${x}" y="${height - c}" width="${bar - 2}" height="${c}" class="bar-complete"></rect>
        <rect x="${x}" y="${height - c - f}" width="${bar - 2}" height="${f}" class="bar-failed"></rect></g>`;
    }).join("") + `<text x="0" y="${height + 16}" font-size="12" fill="#5b6475">max ${max}/min</text>`;
  }

  // --- jobs ----------------------------------------------------------------------------------
  function jobs(params) {
    const status = params.get("status") || "";
    const type = params.get("type") || "";
    const cursors = [];     // the cursors of the pages before this one
    let cursor = params.get("cursor") || "";
    main.innerHTML = `
      <h2>Jobs</h2>
      <form class="filters" id="filters">
        <label>Status <select name="status"><option value="">any</option>${STATUSES.map((s) =>
            `<option ${s === status ? "selected" : ""}>${s}</option>`).join("")}</select></label>
        <label>Type <input name="type" value="${esc(type)}" placeholder="any" pattern="[A-Za-z0-9._-]{1,100}"></label>
        <button class="primary">Filter</button>
        <label>Job id <input name="id" id="search-id" placeholder="01a2…" size="38"></label>
        <button type="button" id="open-id">Open</button>
      </form>
      <table><caption id="jobs-caption">Newest first</caption>
        <thead><tr><th>id</th><th>type</th><th>status</th><th>attempts</th><th>created</th><th>updated</th></tr></thead>
        <tbody id="rows"><tr><td colspan="6">loading…</td></tr></tbody></table>
      <div class="pager"><button id="newer" disabled>Newer</button><button id="older" disabled>Older</button></div>`;
    const form = document.getElementById("filters");
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const query = new URLSearchParams();
      if (form.status.value) query.set("status", form.status.value);
      if (form.type.value.trim()) query.set("type", form.type.value.trim());
      location.hash = "#/jobs" + (query.toString() ? "?" + query : "");
    });
    const openId = () => {
      const id = document.getElementById("search-id").value.trim();
      if (id) location.hash = "#/jobs/" + encodeURIComponent(id);
    };
    document.getElementById("open-id").addEventListener("click", openId);
    document.getElementById("search-id").addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
        openId();
      }
    });
    let next = null;
    const load = throttle(async () => {
      const query = new URLSearchParams({limit: "25"});
      if (status) query.set("status", status);
      if (type) query.set("type", type);
      if (cursor) query.set("cursor", cursor);
      try {
        const page = await api("/job?" + query);
        if (!document.getElementById("rows")) return;   // the view changed meanwhile
        next = page.nextCursor || null;
        document.getElementById("rows").innerHTML = page.items.length === 0 ? `<tr><td colspan="6">No jobs.</td></tr>` :
            page.items.map((j) => `<tr data-id="${esc(j.id)}"><td class="mono"><a href="#/jobs/${esc(j.id)}">${esc(j.id)}</a></td>
              <td class="mono">${esc(j.type)}</td><td>${badge(j.status)}</td><td>${j.attempts}/${j.maxAttempts}</td>
              <td>${time(j.createdAt)}</td><td>${time(j.updatedAt)}</td></tr>`).join("");
        document.getElementById("older").disabled = !next;
        document.getElementById("newer").disabled = cursors.length === 0;
      } catch (e) {
        if (e instanceof SignInNeeded) return;
        if (!document.getElementById("rows")) return;
        document.getElementById("rows").innerHTML = `<tr><td colspan="6" class="error">${esc(e.message)}</td></tr>`;
      }
    }, 500);
    document.getElementById("older").addEventListener("click", () => { cursors.push(cursor); cursor = next; load(); });
    document.getElementById("newer").addEventListener("click", () => { cursor = cursors.pop() || ""; load(); });
    load();
    return {
      onEvent: (event) => {
        const row = main.querySelector(`tr[data-id="${CSS.escape(event.id)}"]`);
        if (row || !cursor) load();   // a job on this page changed, or new jobs may belong on the first page
      },
      stop: () => {}
    };
  }

  // --- job detail ----------------------------------------------------------------------------
  function job(id) {
    main.innerHTML = `<p>loading…</p>`;
    const load = throttle(async () => {
      let j;
      try {
        j = await api("/job/" + encodeURIComponent(id));
        if (location.hash.indexOf(encodeURIComponent(id)) < 0 && location.hash.indexOf(id) < 0) return;
      } catch (e) {
        if (e instanceof SignInNeeded) return;
        main.innerHTML = `<h2>Job <span class="mono">${esc(id)}</span></h2><p class="error">${esc(e.message)}</p><p><a href="#/jobs">Back to the jobs</a></p>`;
        return;
      }
      const can = {
        cancel: ["queued", "scheduled"].includes(j.status),
        retry: ["failed", "cancelled"].includes(j.status),
        delete: ["complete", "failed", "cancelled"].includes(j.status)
      };
      main.innerHTML = `
        <h2>Job <span class="mono">${esc(j.id)}</span> ${badge(j.status)}</h2>
        <div class="actions">
          <button id="do-cancel" ${can.cancel ? "" : "disabled"}>Cancel</button>
          <button id="do-retry" class="primary" ${can.retry ? "" : "disabled"}>Retry</button>
          <button id="do-delete" class="danger" ${can.delete ? "" : "disabled"}>Delete</button>
          <span id="action-error" class="error" role="alert"></span>
        </div>
        <dl class="fields">
          <dt>type</dt><dd class="mono">${esc(j.type)}</dd>
          <dt>status</dt><dd id="job-status">${esc(j.status)}</dd>
          <dt>attempts</dt><dd>${j.attempts} of ${j.maxAttempts}</dd>
          <dt>progress</dt><dd>${j.progress}%</dd>
          <dt>worker</dt><dd class="mono">${esc(j.workerId || "")}</dd>
          <dt>timeout</dt><dd>${j.timeoutMs} ms</dd>
          <dt>created</dt><dd>${time(j.createdAt)}</dd>
          ${j.runAt ? `<dt>due</dt><dd>${time(j.runAt)}</dd>` : ""}
          <dt>started</dt><dd>${time(j.startedAt)}</dd>
          <dt>finished</dt><dd>${time(j.finishedAt)}</dd>
          ${j.error ? `<dt>error</dt><dd class="error" id="job-error">${esc(j.error)}</dd>` : ""}
        </dl>
        <div class="panels">
          <section><h2>Payload</h2><pre>${esc(JSON.stringify(j.payload, null, 2))}</pre></section>
          <section><h2>Result</h2><pre id="job-result">${j.result === undefined ? "(none yet)" : esc(JSON.stringify(j.result, null, 2))}</pre></section>
        </div>
        <h2>History</h2>
        <table><caption>Every transition, oldest first</caption><thead><tr><th>time</th><th>status</th><th>attempt</th><th>worker</th><th>error</th></tr></thead><tbody>
          ${(j.history || []).map((h) => `<tr><td>${time(h.at)}</td><td>${badge(h.status)}</td><td>${h.attempt}</td>
            <td class="mono">${esc(h.workerId || "")}</td><td class="error">${esc(h.error || "")}</td></tr>`).join("")}
        </tbody></table>
        <p><a href="#/jobs">Back to the jobs</a></p>`;
      const act = (name, question, request, after) => document.getElementById("do-" + name).addEventListener("click", async () => {
        if (!await confirmAction(question)) return;
        try {
          await request();
          after();
        } catch (e) {
          if (e instanceof SignInNeeded) return;
          document.getElementById("action-error").textContent = e.message;
        }
      });
      act("cancel", "Cancel this job? It will not run.", () => api(`/job/${encodeURIComponent(id)}/cancel`, {method: "POST"}), load);
      act("retry", "Run this job again?", () => api(`/job/${encodeURIComponent(id)}/retry`, {method: "POST"}), load);
      act("delete", "Delete this job and its history?", () => api(`/job/${encodeURIComponent(id)}`, {method: "DELETE"}),
          () => { location.hash = "#/jobs"; });
    }, 300);
    load();
    return {onEvent: (event) => { if (event.id === id) load(); }, stop: () => {}};
  }

  // --- workers -------------------------------------------------------------------------------
  function workers() {
    main.innerHTML = `<h2>Workers</h2><table><caption>Worker instances heard from in the last hour</caption>
      <thead><tr><th>id</th><th>host</th><th>state</th><th>running</th><th>jobs done</th><th>started</th><th>last seen</th></tr></thead>
      <tbody id="worker-rows"><tr><td colspan="7">loading…</td></tr></tbody></table>`;
    const load = async () => {
      const list = (await api("/workers")).workers;
      if (!document.getElementById("worker-rows")) return;
      document.getElementById("worker-rows").innerHTML = list.length === 0 ? `<tr><td colspan="7">No worker has reported.</td></tr>` :
          list.map((w) => `<tr data-worker="${esc(w.id)}"><td class="mono">${esc(w.id)}</td><td>${esc(w.host)}</td>
            <td class="${w.alive ? "alive" : "stale"}">${w.alive ? "alive" : "not reporting"}</td>
            <td>${w.inFlight} of ${w.concurrency}</td><td>${w.jobsDone}</td><td>${time(w.startedAt)}</td><td>${time(w.lastSeen)}</td></tr>`).join("");
    };
    const timer = every(3000, load);
    return {onEvent: () => {}, stop: () => clearInterval(timer)};
  }

  // --- routing and the event stream ----------------------------------------------------------
  function route() {
    if (view) view.stop();
    const [path, query] = (location.hash.slice(1) || "/").split("?");
    const params = new URLSearchParams(query || "");
    const section = path.startsWith("/jobs") ? "jobs" : path.startsWith("/workers") ? "workers" : "overview";
    document.querySelectorAll("nav a[data-nav]").forEach((a) => {
      if (a.dataset.nav === section) {
        a.setAttribute("aria-current", "page");
      } else {
        a.removeAttribute("aria-current");
      }
    });
    const detail = path.match(/^\/jobs\/(.+)$/);
    view = detail ? job(decodeURIComponent(detail[1])) : section === "jobs" ? jobs(params)
        : section === "workers" ? workers() : overview();
    document.title = `Jobs console: ${detail ? "job" : section}`;
  }
  window.addEventListener("hashchange", route);

  // the event stream, read with fetch rather than EventSource so that it can carry the token;
  // reconnects after a second when it ends, as EventSource would
  let stream = null;
  async function follow() {
    if (stream) stream.abort();
    const controller = new AbortController();
    stream = controller;
    try {
      const response = await fetch(API + "/job/events", {headers: {"Accept": "text/event-stream", ...authHeaders()},
        signal: controller.signal});
      if (response.status === 401 || response.status === 403) {
        live.textContent = "signed out";
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      live.textContent = "live";
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, {stream: true}).replace(/\r\n?/g, "\n");
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const lines = buffer.slice(0, end).split("\n");
          buffer = buffer.slice(end + 2);
          const data = lines.filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
          if (data && view) view.onEvent(JSON.parse(data));
        }
      }
    } catch (e) {
      if (controller.signal.aborted) return;
    }
    if (stream === controller) {
      live.textContent = "reconnecting…";
      setTimeout(() => { if (stream === controller) follow(); }, 1000);
    }
  }
  follow();
  route();
})();
