// Dashboard: KPIs from /api/metrics over a date range and channel, charts (Chart.js from
// /vendor), the top unanswered questions, and the conversation review list with its
// transcripts. Uses common.js: api(), el(), $, token. Dates are UTC days.
"use strict";
const CHANNEL_NAMES = {socketio: "Website chat", rest: "REST API", voice: "Phone", outbound: "Outbound calls"};
const charts = {};
let me = null;

function pct(value) { return value === null || value === undefined ? "–" : `${(value * 100).toFixed(1)}%`; }
function csat(value) { return value === null || value === undefined ? "–" : value.toFixed(2); }
function duration(seconds) {
  if (seconds === null || seconds === undefined) return "–";
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}
function channelName(channel) { return CHANNEL_NAMES[channel] || channel || "–"; }
function isoDay(date) { return date.toISOString().slice(0, 10); }
function when(iso) { return new Date(iso).toLocaleString(); }

function shorten(text, max) { return text.length > max ? text.slice(0, max - 1) + "…" : text; }

function setKpi(id, text, raw) {
  const node = $(id);
  node.textContent = text;
  node.dataset.value = raw === null || raw === undefined ? "" : String(raw);
}

function showKpis(m) {
  setKpi("kpi-conversations", String(m.conversations), m.conversations);
  setKpi("kpi-containment", pct(m.containment_rate), m.containment_rate);
  setKpi("kpi-contained", `${m.contained} contained`, m.contained);
  setKpi("kpi-handoff-rate", pct(m.handoff_rate), m.handoff_rate);
  setKpi("kpi-handoffs", `${m.handoffs} handed off`, m.handoffs);
  setKpi("kpi-csat", csat(m.csat_average), m.csat_average);
  setKpi("kpi-csat-responses", `${m.csat_responses} responses`, m.csat_responses);
  setKpi("kpi-fcr", pct(m.first_contact_resolution), m.first_contact_resolution);
  setKpi("kpi-repeats", `${m.repeat_contacts} repeat contacts`, m.repeat_contacts);
  setKpi("kpi-handle", duration(m.average_handle_time_s), m.average_handle_time_s);
  setKpi("kpi-wait", duration(m.average_wait_time_s), m.average_wait_time_s);
  setKpi("kpi-fallback", pct(m.fallback_rate), m.fallback_rate);
  const out = m.outbound || {calls: 0, connect_rate: null};
  setKpi("kpi-outbound", String(out.calls), out.calls);
  setKpi("kpi-outbound-connect", out.connect_rate === null ? "no calls ended" : `${pct(out.connect_rate)} connected`, out.connect_rate);
  setKpi("kpi-leads", String(m.leads), m.leads);
  const until = new Date(new Date(m.until).getTime() - 1);
  $("range-label").textContent = `${m.since.slice(0, 10)} to ${isoDay(until)}` +
    (m.channel ? `, ${channelName(m.channel)}` : ", all channels");
}

function drawChart(id, config, summary) {
  if (charts[id]) charts[id].destroy();
  config.options = Object.assign({animation: false, responsive: true, maintainAspectRatio: false}, config.options || {});
  charts[id] = new Chart($(id), config);
  $(id).setAttribute("aria-label", summary);
}

function showCharts(m) {
  const days = m.daily.map((d) => d.date.slice(5));
  drawChart("chart-daily", {
    type: "bar",
    data: {labels: days, datasets: [
      {label: "Contained", data: m.daily.map((d) => d.contained), backgroundColor: "#2e7d32"},
      {label: "Handed off", data: m.daily.map((d) => d.handoffs), backgroundColor: "#e67e22"}]},
    options: {scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}}},
  }, `Conversations per day: ${m.conversations} in all, ${m.contained} contained, ${m.handoffs} handed off.`);
  const ratings = ["1", "2", "3", "4", "5"];
  drawChart("chart-csat", {
    type: "bar",
    data: {labels: ratings.map((r) => `${r} ★`), datasets: [
      {label: "Ratings", data: ratings.map((r) => m.csat_distribution[r]), backgroundColor: "#2457a6"}]},
    options: {plugins: {legend: {display: false}}, scales: {y: {beginAtZero: true, ticks: {precision: 0}}}},
  }, "CSAT ratings: " + ratings.map((r) => `${m.csat_distribution[r]} rated ${r}`).join(", ") + ".");
  drawChart("chart-intents", {
    type: "bar",
    data: {labels: m.top_intents.map((i) => i.intent.replaceAll("_", " ")), datasets: [
      {label: "Messages", data: m.top_intents.map((i) => i.count), backgroundColor: "#6c5ce7"}]},
    options: {indexAxis: "y", plugins: {legend: {display: false}}, scales: {x: {beginAtZero: true, ticks: {precision: 0}}}},
  }, "Top intents: " + (m.top_intents.map((i) => `${i.intent} ${i.count}`).join(", ") || "none") + ".");
}

function showPerChannel(m) {
  const rows = Object.entries(m.per_channel).map(([channel, c]) => {
    const row = el("tr");
    row.append(el("th", channelName(channel), {scope: "row"}), el("td", String(c.conversations)),
               el("td", String(c.contained)), el("td", String(c.handoffs)), el("td", csat(c.csat_average)));
    return row;
  });
  if (!rows.length) rows.push(emptyRow(5, "No conversations in this range."));
  $("per-channel").replaceChildren(...rows);
}

function showUnanswered(m) {
  const items = m.top_unanswered.map((q) => {
    const item = el("li");
    item.append(el("a", shorten(q.text, 160), {title: shorten(q.text, 500), href: `/faq?unanswered=${encodeURIComponent(q.id)}`}),
                el("span", ` (asked ${q.count}×)`, {className: "muted"}));
    return item;
  });
  if (!items.length) items.push(el("li", "None: the bot answered every question."));
  $("unanswered").replaceChildren(...items);
}

function emptyRow(columns, text) {
  const row = el("tr");
  row.append(el("td", text, {colSpan: columns}));
  return row;
}

function rangeParams() {
  const params = new URLSearchParams({since: $("since").value, until: $("until").value});
  if ($("channel").value) params.set("channel", $("channel").value);
  return params;
}

async function loadMetrics() {
  $("range-error").textContent = "";
  try {
    const m = await api("GET", "/api/metrics?" + rangeParams());
    showKpis(m); showCharts(m); showPerChannel(m); showUnanswered(m);
  } catch (err) { $("range-error").textContent = err.message; }
}

async function loadConversations() {
  const params = new URLSearchParams({since: $("since").value, until: $("until").value, limit: "200"});
  if ($("review-q").value.trim()) params.set("q", $("review-q").value.trim());
  if ($("review-channel").value) params.set("channel", $("review-channel").value);
  for (const [id, name] of [["review-low-csat", "low_csat"], ["review-fallback", "fallback"], ["review-handoff", "handoff"]]) {
    if ($(id).checked) params.set(name, "true");
  }
  let found;
  try { found = await api("GET", "/api/conversations?" + params); }
  catch (err) { $("review-count").textContent = err.message; return; }
  $("review-count").textContent = `${found.length} conversation${found.length === 1 ? "" : "s"}`;
  const rows = found.map((c) => {
    const row = el("tr");
    row.dataset.id = c.id;
    const open = el("button", when(c.started_at), {type: "button", className: "link",
                                                   title: `Open conversation ${c.conversation_id}`});
    open.addEventListener("click", () => openConversation(c.id));
    const cell = el("td"); cell.append(open);
    const who = c.customer ? `${c.customer.name || c.customer.customer_id} (${c.customer.customer_id})` : "Anonymous";
    row.append(cell, el("td", channelName(c.channel)), el("td", who), el("td", c.topic || "–"),
               el("td", c.outcome, {className: "outcome " + c.outcome}),
               el("td", c.csat_rating === null ? "–" : String(c.csat_rating)),
               el("td", String(c.user_turns)), el("td", String(c.fallback_turns)));
    row.addEventListener("click", (event) => { if (event.target === row || event.target.tagName === "TD") openConversation(c.id); });
    return row;
  });
  if (!rows.length) rows.push(emptyRow(8, "No conversation matches."));
  $("conversations").replaceChildren(...rows);
}

async function openConversation(id) {
  let c;
  try { c = await api("GET", `/api/conversations/${id}`); }
  catch (err) { $("review-count").textContent = err.message; return; }
  for (const row of $("conversations").children) row.classList.toggle("selected", row.dataset.id === String(id));
  $("detail-title").textContent = `Transcript of ${c.conversation_id}`;
  const facts = $("detail-facts"); facts.replaceChildren();
  const add = (term, value) => { if (value !== null && value !== undefined && value !== "") facts.append(el("dt", term), el("dd", String(value))); };
  add("Started", when(c.started_at)); add("Channel", channelName(c.channel));
  add("Customer", c.customer ? `${c.customer.name || ""} ${c.customer.customer_id}`.trim() : "Anonymous");
  add("Topic", c.topic); add("Outcome", c.outcome); add("Handoff reason", c.handoff_reason);
  add("CSAT", c.csat_rating); add("CSAT comment", c.csat_comment);
  add("Intents", c.intents.join(", "));
  $("detail-transcript").replaceChildren(...c.transcript.map((line) => {
    const item = el("li", null, {className: line.role});
    const who = line.role === "user" ? "customer" : line.role;
    item.append(el("span", `${who} · ${new Date(line.at).toLocaleTimeString()}`, {className: "meta"}),
                el("span", line.text));
    return item;
  }));
  $("review-detail").hidden = false;
  $("review-detail").focus();
}

function defaultRange() {
  const today = new Date();
  const from = new Date(today.getTime() - 29 * 86400000);
  $("until").value = isoDay(today); $("since").value = isoDay(from);
}

function showLogin() {
  token = null; sessionStorage.removeItem("helpdesk-token");
  $("dashboard").hidden = true; $("logout").hidden = true;
  $("login-panel").hidden = false; $("who").textContent = "";
}

async function start() {
  try { me = await api("GET", "/api/me"); } catch (err) { showLogin(); return; }
  if (me.role !== "agent" && me.role !== "admin") {
    showLogin();
    $("login-error").textContent = "The dashboard needs the agent or admin role.";
    return;
  }
  $("who").textContent = `${me.username} (${me.role})`;
  $("login-panel").hidden = true; $("dashboard").hidden = false; $("logout").hidden = false;
  if (!$("since").value) defaultRange();
  await Promise.all([loadMetrics(), loadConversations()]);
}

wireLogin(start);


$("range-form").addEventListener("submit", (event) => {
  event.preventDefault();
  loadMetrics(); loadConversations();
});
$("review-form").addEventListener("submit", (event) => { event.preventDefault(); loadConversations(); });
for (const id of ["review-channel", "review-low-csat", "review-fallback", "review-handoff"]) {
  $(id).addEventListener("change", loadConversations);
}
$("detail-close").addEventListener("click", () => { $("review-detail").hidden = true; });

if (token) start(); else showLogin();
