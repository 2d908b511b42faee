// ElasticCI dashboard: plain DOM, no framework, no external asset. Data from the REST API; live updates from server-sent events.
"use strict";
(() => {
const page = document.body.dataset.page, pageId = document.body.dataset.id;
const content = document.getElementById("content"), status = document.getElementById("status");

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) e.addEventListener(k.slice(2), v); else if (k === "class") e.className = v; else e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c instanceof Node ? c : String(c));
  return e;
}
async function api(path, options) {
  const init = Object.assign({ credentials: "same-origin", headers: {} }, options || {});
  if (init.method && init.method !== "GET") init.headers["X-ElasticCI-Dashboard"] = "1";
  if (init.json !== undefined) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(init.json); }
  const r = await fetch(path, init);
  if (r.status === 401) { location.href = "/login?next=" + encodeURIComponent(location.pathname + location.search); throw new Error("signed out"); }
  const body = r.headers.get("content-type")?.includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw new Error((body && (body.detail || body.title)) || r.statusText);
  return body;
}
const say = (text, error) => { status.textContent = text; status.className = error ? "error" : "muted"; };
const state = s => h("span", { class: "state s-" + s }, s);
const when = t => t ? new Date(t).toLocaleString() : "";
function duration(from, to) {
  if (!from) return "";
  const s = Math.max(0, Math.round(((to ? new Date(to) : new Date()) - new Date(from)) / 1000));
  return s < 60 ? s + "s" : s < 3600 ? Math.floor(s / 60) + "m " + (s % 60) + "s" : Math.floor(s / 3600) + "h " + Math.floor(s % 3600 / 60) + "m";
}
function live(url, handlers) {
  const source = new EventSource(url);
  for (const [name, fn] of Object.entries(handlers)) source.addEventListener(name, e => fn(e.data ? JSON.parse(e.data) : null, e));
  source.onerror = () => { if (source.readyState === EventSource.CONNECTING) say("Reconnecting…"); };
  source.onopen = () => say("");
  return source;
}
function throttle(fn, ms) {
  let timer = null, again = false;
  return () => { if (timer) { again = true; return; } fn(); timer = setTimeout(() => { timer = null; if (again) { again = false; fn(); } }, ms); };
}
function fill(node, ...children) { node.replaceChildren(...children.flat()); }

// ---- Builds ----
async function builds() {
  const q = new URLSearchParams(location.search);
  const pipelines = (await api("/api/v1/pipelines")).pipelines || [];
  const pipeline = h("select", { id: "f-pipeline", name: "pipeline" }, h("option", { value: "" }, "All"), pipelines.map(p => h("option", { value: p.slug, selected: q.get("pipeline") === p.slug }, p.slug)));
  const branch = h("input", { id: "f-branch", name: "branch", value: q.get("branch") || "" });
  const st = h("select", { id: "f-state", name: "state" }, ["", "running", "scheduled", "blocked", "passed", "failed", "canceled"].map(s => h("option", { value: s, selected: q.get("state") === s }, s || "All")));
  const form = h("form", { class: "filters", role: "search", onsubmit: e => { e.preventDefault(); apply(); } },
    h("div", {}, h("label", { for: "f-pipeline" }, "Pipeline"), pipeline), h("div", {}, h("label", { for: "f-branch" }, "Branch"), branch),
    h("div", {}, h("label", { for: "f-state" }, "State"), st), h("button", { type: "submit" }, "Filter"));
  const table = h("div");
  fill(content, form, table);
  function apply() {
    const p = new URLSearchParams();
    if (pipeline.value) p.set("pipeline", pipeline.value); if (branch.value) p.set("branch", branch.value); if (st.value) p.set("state", st.value);
    history.replaceState(null, "", p.toString() ? "?" + p : location.pathname); refresh();
  }
  pipeline.onchange = st.onchange = apply;
  async function load() {
    const list = (await api("/api/v1/builds?limit=100" + (pipeline.value ? "&pipeline=" + encodeURIComponent(pipeline.value) : ""))).builds;
    const rows = list.filter(b => (!branch.value || b.branch === branch.value) && (!st.value || b.state === st.value));
    fill(table, rows.length === 0 ? h("p", { class: "muted" }, "No builds.") : h("table", {},
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Build"), h("th", { scope: "col" }, "Message"), h("th", { scope: "col" }, "Branch"),
        h("th", { scope: "col", class: "wide" }, "Commit"), h("th", { scope: "col" }, "State"), h("th", { scope: "col" }, "Duration"))),
      h("tbody", {}, rows.map(b => h("tr", {}, h("td", {}, h("a", { href: "/builds/" + b.id }, b.pipeline + " #" + b.number)), h("td", {}, b.message),
        h("td", {}, b.branch), h("td", { class: "wide" }, h("code", {}, (b.commit || "").slice(0, 10))), h("td", {}, state(b.state)),
        h("td", {}, duration(b.startedAt, b.finishedAt)))))));
  }
  const refresh = throttle(() => load().catch(e => say(e.message, true)), 500);
  await load();
  live("/api/v1/events", { changed: refresh });
}

// ---- Build ----
const ANSI = /\x1b\[([0-9;]*)([A-Za-z])|\x1b_bk;t=(\d+)\x07|\x1b[^\[_]/g;
function LogView(container) {
  let section = container, classes = new Set(), pending = "";
  const line = text => {
    const cut = text.lastIndexOf("\r"); if (cut >= 0) text = text.slice(cut + 1);
    const header = /^(---|\+\+\+|~~~) (.*)$/.exec(text.replace(ANSI, ""));
    if (header) {
      const d = h("details", { open: header[1] === "+++" }, h("summary", {}, header[2]));
      container.append(d); section = d; return;
    }
    const row = h("div", {}); let last = 0, m; ANSI.lastIndex = 0;
    const span = t => { if (t) row.append(classes.size ? h("span", { class: [...classes].join(" ") }, t) : t); };
    while ((m = ANSI.exec(text))) {
      span(text.slice(last, m.index)); last = ANSI.lastIndex;
      if (m[3]) row.append(h("span", { class: "ts" }, new Date(Number(m[3])).toLocaleTimeString()));
      else if (m[2] === "m") for (const code of (m[1] || "0").split(";").map(Number)) {
        if (code === 0) classes.clear(); else if (code === 1) classes.add("b"); else if (code === 3) classes.add("i"); else if (code === 4) classes.add("u");
        else if (code === 22) classes.delete("b"); else if (code === 39) [...classes].filter(c => /^c\d/.test(c)).forEach(c => classes.delete(c));
        else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) { [...classes].filter(c => /^c\d/.test(c)).forEach(c => classes.delete(c)); classes.add("c" + code); }
      }
    }
    span(text.slice(last)); if (!row.childNodes.length) row.append("\u00a0");
    section.append(row);
  };
  return {
    write(text) { const parts = (pending + text).split("\n"); pending = parts.pop(); parts.forEach(line); container.scrollTop = container.scrollHeight; },
    end() { if (pending) line(pending); pending = ""; },
  };
}
function markdown(src) {
  // Escape first, then a small safe subset: headings, bold, italics, code, links (http/https/relative only), lists, paragraphs.
  const esc = s => s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  const inline = s => esc(s).replace(/`([^`]+)`/g, "<code>$1</code>").replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>").replace(/\*([^*]+)\*/g, "<em>$1</em>")
    .replace(/\[([^\]]+)\]\(((?:https?:\/\/|\/)[^)\s]*)\)/g, (_, t, u) => `<a href="${u}" rel="noopener noreferrer">${t}</a>`);
  return src.split(/\n{2,}/).map(block => {
    const m = /^(#{1,4}) (.*)$/.exec(block); if (m) return `<h${m[1].length + 2}>${inline(m[2])}</h${m[1].length + 2}>`;
    if (/^[-*] /m.test(block) && block.split("\n").every(l => /^[-*] /.test(l))) return "<ul>" + block.split("\n").map(l => `<li>${inline(l.slice(2))}</li>`).join("") + "</ul>";
    if (block.startsWith("```")) return `<pre>${esc(block.replace(/^```\w*\n?|```$/g, ""))}</pre>`;
    return `<p>${inline(block).replace(/\n/g, "<br>")}</p>`;
  }).join("");
}
async function build() {
  const head = h("div"), actions = h("div", { class: "actions" }), jobsBox = h("div"), extras = h("div");
  fill(content, head, actions, h("h2", {}, "Jobs"), jobsBox, extras);
  const views = new Map();
  let current = null;
  const act = (label, path, body) => h("button", { type: "button", onclick: async () => {
    try { const r = await api(path, { method: "POST", json: body || {} }); say(label + ": done"); if (r && r.id && path.endsWith("/rebuild")) location.href = "/builds/" + r.id; }
    catch (e) { say(label + ": " + e.message, true); } } }, label);
  function jobView(job) {
    const summary = h("summary"), body = h("div", { class: "body" }), details = h("details", { class: "job", id: "job-" + job.id }, summary, body);
    const log = h("div", { class: "log", role: "log", "aria-label": "Log of " + job.label, tabindex: "0" }), extra = h("div"), phases = h("div", { class: "muted" });
    body.append(extra, phases, h("p", {}, h("a", { href: "/api/v1/jobs/" + job.id + "/log", target: "_blank" }, "Raw log")), log);
    let source = null, view = null, shown = null;
    const open = () => {
      if (source || !details.open) return;
      view = LogView(log); log.replaceChildren();
      source = live("/api/v1/jobs/" + job.id + "/log/events", { log: t => view.write(t), end: () => { view.end(); source.close(); } });
      api("/api/v1/jobs/" + job.id + "/timings").then(t => fill(phases, (t.phases || []).map(p => p.name + " " + p.seconds.toFixed(1) + "s").join(" · "))).catch(() => {});
    };
    details.addEventListener("toggle", open);
    const v = { details, update(j) {
      fill(summary, h("strong", {}, j.label || j.key || j.id), state(j.state), j.agent ? h("span", { class: "muted" }, "on " + j.agent.name) : null,
        h("span", { class: "muted" }, duration(j.times.startedAt, j.times.finishedAt)));
      const key = j.state + "|" + (j.retriedBy || "");
      if (key === shown) return afterUpdate(j);
      shown = key;
      const buttons = [];
      if (["failed", "canceled", "timed_out", "lost", "broken"].includes(j.state) && !j.retriedBy) buttons.push(act("Retry " + (j.label || "job"), "/api/v1/jobs/" + j.id + "/retry"));
      if (j.state === "blocked") buttons.push(unblockForm(j));
      fill(extra, h("div", { class: "actions" }, buttons));
      afterUpdate(j);
    } };
    function afterUpdate(j) {
      if (["running", "assigned"].includes(j.state) && !details.open) { details.open = true; }
      if (details.open && source === null && j.logSize >= 0) open();
      if (source && phases.textContent === "" && j.times.finishedAt) api("/api/v1/jobs/" + j.id + "/timings").then(t => fill(phases, (t.phases || []).map(p => p.name + " " + p.seconds.toFixed(1) + "s").join(" · "))).catch(() => {});
    }
    return v;
  }
  // Jobs of a group step go under the group's heading, in the order the group's first job appears.
  const groups = new Map();
  function boxFor(job) {
    if (!job.group) return jobsBox;
    const id = (job.group.key || "") + "\u0000" + (job.group.label || "");
    if (!groups.has(id)) {
      const title = job.group.label || job.group.key, box = h("div", { class: "group-jobs" });
      jobsBox.append(h("section", { class: "group", "aria-label": "Group " + title }, h("h3", {}, title), box));
      groups.set(id, box);
    }
    return groups.get(id);
  }
  function unblockForm(job) {
    const form = h("form", { class: "unblock", "aria-label": "Unblock " + job.label });
    api("/api/v1/dashboard/jobs/" + job.id + "/block").then(b => {
      const inputs = b.fields.map(f => {
        const id = "f-" + job.id + "-" + f.key;
        const input = f.options.length ? h("select", { id, name: f.key, required: f.required }, f.options.map(o => h("option", { value: o, selected: o === f.default }, o)))
          : h("input", { id, name: f.key, required: f.required, value: f.default || "" });
        return h("div", {}, h("label", { for: id }, f.label), f.hint ? h("div", { class: "hint" }, f.hint) : null, input);
      });
      fill(form, b.prompt ? h("p", {}, b.prompt) : null, inputs, h("button", { type: "submit", class: "primary" }, "Unblock"));
    });
    form.onsubmit = async e => {
      e.preventDefault();
      const fields = Object.fromEntries(new FormData(form).entries());
      try { await api("/api/v1/jobs/" + job.id + "/unblock", { method: "POST", json: { fields } }); say("Unblocked"); } catch (err) { say("Unblock: " + err.message, true); }
    };
    return form;
  }
  const loadExtras = throttle(async () => {
    const [artifacts, annotations, meta] = await Promise.all([api(`/api/v1/builds/${pageId}/artifacts`), api(`/api/v1/builds/${pageId}/annotations`), api(`/api/v1/builds/${pageId}/meta-data`)]);
    const notes = annotations.annotations.map(a => { const d = h("div", { class: "annotation " + a.style }); d.innerHTML = markdown(a.body); return d; });
    fill(extras, notes.length ? [h("h2", {}, "Annotations"), notes] : [],
      artifacts.artifacts.length ? [h("h2", {}, "Artifacts"), h("ul", {}, artifacts.artifacts.map(a => h("li", {}, h("a", { href: "/api/v1/artifacts/" + a.id, download: a.path.split("/").pop() }, a.path), " ", h("span", { class: "muted" }, a.size + " bytes"))))] : [],
      Object.keys(meta.metaData).length ? [h("h2", {}, "Meta-data"), h("dl", { class: "meta" }, Object.entries(meta.metaData).map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]))] : []);
  }, 1000);
  live("/api/v1/builds/" + pageId + "/events", { build: b => {
    current = b;
    document.title = `${b.pipeline} #${b.number} · ElasticCI`;
    document.querySelector("h1").textContent = `${b.pipeline} #${b.number}`;
    fill(head, h("p", {}, state(b.state), " ", b.message || ""), h("p", { class: "muted" }, `${b.branch} · ${(b.commit || "").slice(0, 10)} · ${duration(b.startedAt, b.finishedAt)}`),
      (b.warnings || []).map(w => h("p", { class: "annotation warning", role: "status" }, "Warning: " + w.message)));
    fill(actions, ["scheduled", "running", "blocked", "started", "creating"].includes(b.state) ? act("Cancel build", `/api/v1/builds/${b.id}/cancel`) : null, act("Rebuild", `/api/v1/builds/${b.id}/rebuild`));
    for (const j of b.jobs) { if (!views.has(j.id)) { const v = jobView(j); views.set(j.id, v); boxFor(j).append(v.details); } views.get(j.id).update(j); }
    loadExtras();
  } });
}

// ---- Pipelines ----
async function pipelines() {
  const list = (await api("/api/v1/pipelines")).pipelines || [];
  const rows = await Promise.all(list.map(async p => [p, (await api("/api/v1/builds?limit=3&pipeline=" + encodeURIComponent(p.slug))).builds]));
  const sel = h("select", { id: "nb-pipeline", name: "pipeline", required: true }, list.map(p => h("option", { value: p.slug }, p.slug)));
  const branch = h("input", { id: "nb-branch", name: "branch" }), commit = h("input", { id: "nb-commit", name: "commit" }), message = h("input", { id: "nb-message", name: "message" });
  const form = h("form", { "aria-label": "New build", onsubmit: async e => {
    e.preventDefault();
    try { const b = await api("/api/v1/builds", { method: "POST", json: { pipeline: sel.value, branch: branch.value || null, commit: commit.value || null, message: message.value || null } }); location.href = "/builds/" + b.id; }
    catch (err) { say("New build: " + err.message, true); } } },
    h("h2", {}, "New build"), h("div", { class: "filters" }, h("div", {}, h("label", { for: "nb-pipeline" }, "Pipeline"), sel), h("div", {}, h("label", { for: "nb-branch" }, "Branch"), branch),
      h("div", {}, h("label", { for: "nb-commit" }, "Commit"), commit), h("div", {}, h("label", { for: "nb-message" }, "Message"), message), h("button", { type: "submit", class: "primary" }, "Create build")));
  fill(content, list.length === 0 ? h("p", { class: "muted" }, "No stored pipelines (elastic-ci pipeline set).") : h("table", {},
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Pipeline"), h("th", { scope: "col", class: "wide" }, "Repository"), h("th", { scope: "col" }, "Default branch"), h("th", { scope: "col" }, "Last builds"))),
    h("tbody", {}, rows.map(([p, bs]) => h("tr", {}, h("td", {}, h("a", { href: "/?pipeline=" + encodeURIComponent(p.slug) }, p.name || p.slug)), h("td", { class: "wide" }, p.repository),
      h("td", {}, p.defaultBranch), h("td", {}, bs.map(b => h("span", {}, h("a", { href: "/builds/" + b.id }, "#" + b.number), " ", state(b.state), " ")))))))
    , list.length ? form : null);
}

// ---- Stacks ----
function chart(series) {
  const W = 640, H = 200, P = 30, n = series.at.length;
  const lines = [["scheduled", "#a40e26", "Scheduled jobs"], ["running", "#0b57d0", "Running jobs"], ["desired", "#7d4e00", "Desired instances"], ["runningInstances", "#116329", "Running instances"]];
  const max = Math.max(1, ...lines.flatMap(([k]) => series[k]));
  const t0 = n ? new Date(series.at[0]).getTime() : 0, t1 = n ? Math.max(t0 + 1, new Date(series.at[n - 1]).getTime()) : 1;
  const x = t => P + (new Date(t).getTime() - t0) / (t1 - t0) * (W - 2 * P), y = v => H - P + 0 - v / max * (H - 2 * P);
  const ns = "http://www.w3.org/2000/svg", svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`); svg.setAttribute("class", "chart"); svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Jobs and instances of ${series.stack} over the last ${Math.round((t1 - t0) / 60000)} minutes; now ${series.scheduled[n - 1] ?? 0} scheduled, ${series.running[n - 1] ?? 0} running jobs, ${series.desired[n - 1] ?? 0} desired, ${series.runningInstances[n - 1] ?? 0} running instances`);
  const add = (tag, a) => { const e = document.createElementNS(ns, tag); for (const k in a) e.setAttribute(k, a[k]); svg.append(e); return e; };
  add("line", { x1: P, y1: H - P, x2: W - P, y2: H - P, stroke: "#8c959f" }); add("line", { x1: P, y1: P, x2: P, y2: H - P, stroke: "#8c959f" });
  add("text", { x: 2, y: P + 4, "font-size": 11 }).textContent = max; add("text", { x: 2, y: H - P, "font-size": 11 }).textContent = 0;
  for (const [k, color] of lines) add("polyline", { fill: "none", stroke: color, "stroke-width": 2, points: series.at.map((t, i) => x(t) + "," + y(series[k][i])).join(" ") });
  return h("figure", {}, svg, h("figcaption", { class: "legend" }, lines.map(([, , label], i) => h("span", {}, h("span", { "aria-hidden": "true", class: "sw" + i }, "■ "), label))));
}
async function stacks() {
  async function load() {
    const [list, hist] = await Promise.all([api("/api/v1/stacks"), api("/api/v1/dashboard/stack-history")]);
    fill(content, (list.unservedQueues || []).map(q => h("p", { class: "annotation warning", role: "status" }, "Warning: " + q.message)),
      list.stacks.length === 0 ? h("p", { class: "muted" }, "No stacks configured.") : list.stacks.map(s => h("section", { "aria-label": "Stack " + s.name },
      h("h2", {}, s.name), h("p", {}, `Queue ${s.queue} · ${s.provider} · desired ${s.desired} · actual ${s.actual} (min ${s.minSize}, max ${s.maxSize}, ${s.agentsPerInstance} agents each)`),
      s.rollout ? h("p", {}, "Rolling update: " + s.rollout + ` (${s.outdated} outdated)`) : null,
      hist.stacks.filter(x => x.stack === s.name).map(chart),
      h("h3", {}, "Instances"), s.instances.length === 0 ? h("p", { class: "muted" }, "None.") : h("table", { class: "instances" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Instance"), h("th", { scope: "col" }, "State"), h("th", { scope: "col" }, "Agents"), h("th", { scope: "col", class: "wide" }, "Launched"))),
        h("tbody", {}, s.instances.map(i => h("tr", {}, h("td", {}, h("code", {}, i.id)), h("td", {}, state(i.state)),
          h("td", {}, i.agents.map(a => h("div", {}, a.name, " ", state(a.state), a.jobId ? " (job)" : ""))), h("td", { class: "wide" }, when(i.launchedAt)))))),
      h("h3", {}, "Scaling activity"), h("ul", {}, s.events.slice(0, 15).map(e => h("li", {}, h("span", { class: "muted" }, when(e.at)), " ", h("strong", {}, e.action), " ", e.reason))))));
  }
  const refresh = throttle(() => load().catch(e => say(e.message, true)), 1000);
  await load();
  live("/api/v1/events", { changed: refresh });
  setInterval(refresh, 60000);
}

// ---- Agents ----
async function agents() {
  async function load() {
    const list = (await api("/api/v1/dashboard/agents")).agents;
    fill(content, list.length === 0 ? h("p", { class: "muted" }, "No agents.") : h("table", {},
      h("thead", {}, h("tr", {}, ["Agent", "Queue", "State", "Job", "Version", "Last heartbeat"].map(c => h("th", { scope: "col" }, c)), h("th", { scope: "col", class: "wide" }, "Tags"))),
      h("tbody", {}, list.map(a => h("tr", {}, h("td", {}, a.name), h("td", {}, a.queue), h("td", {}, state(a.state)), h("td", {}, a.jobId ? h("code", {}, a.jobId.slice(-12)) : ""),
        h("td", {}, a.version || ""), h("td", {}, when(a.lastHeartbeatAt)), h("td", { class: "wide" }, Object.entries(a.tags).map(([k, v]) => k + "=" + v).join(" ")))))));
  }
  const refresh = throttle(() => load().catch(e => say(e.message, true)), 1000);
  await load();
  live("/api/v1/events", { changed: refresh });
}

const pages = { builds, build, pipelines, stacks, agents };
if (pages[page]) pages[page]().catch(e => say(e.message, true));
})();
