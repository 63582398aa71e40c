// Campaigns page (supervisors and admins): the campaigns and their progress from
// GET /api/campaigns, refreshed every few seconds; create, start, pause, resume, stop;
// the chosen campaign's contacts, an outcome chart, a CSV of targets, the results export.
"use strict";
const OUTCOMES = ["completed", "handed_off", "voicemail", "busy", "no_answer", "failed",
                  "opted_out", "invalid_number", "skipped_window"];
const CONTROLS = {draft: ["start", "stop"], running: ["pause", "stop"], paused: ["resume", "stop"]};
const REFRESH_MS = 2000;
let chosen = null, chart = null, timer = null;

function showLogin() {
  token = null; sessionStorage.removeItem("helpdesk-token");
  $("campaigns").hidden = true; $("logout").hidden = true;
  $("login-panel").hidden = false; $("who").textContent = "";
  clearInterval(timer);
}

function percent(rate) { return rate === null || rate === undefined ? "–" : `${Math.round(rate * 100)} %`; }

function campaignRow(c) {
  const row = el("tr", null, {id: `campaign-${c.id}`});
  const name = el("button", c.name, {type: "button", className: "link"});
  name.addEventListener("click", () => { chosen = c.id; loadDetail(); });
  const done = OUTCOMES.reduce((n, o) => n + (c.counts[o] || 0), 0);
  const actions = el("td");
  for (const action of CONTROLS[c.status] || []) {
    const button = el("button", action[0].toUpperCase() + action.slice(1), {type: "button"});
    button.addEventListener("click", () => control(c.id, action));
    actions.append(button);
  }
  const nameCell = el("td"); nameCell.append(name);
  row.append(nameCell, el("td", c.purpose), el("td", c.status, {className: "status"}),
             el("td", String(c.contacts_total)), el("td", String(done), {className: "done"}),
             el("td", percent(c.connect_rate)), el("td", percent(c.machine_rate)),
             el("td", String(c.opted_out)), el("td", String(c.conversions)), actions);
  return row;
}

async function loadCampaigns() {
  let campaigns;
  try { campaigns = await api("GET", "/api/campaigns"); $("campaigns-error").textContent = ""; }
  catch (err) { $("campaigns-error").textContent = err.message; return; }
  const rows = campaigns.map(campaignRow);
  if (!rows.length) { const row = el("tr"); row.append(el("td", "No campaigns yet.", {colSpan: 10})); rows.push(row); }
  $("campaign-rows").replaceChildren(...rows);
  if (chosen !== null) await loadDetail();
}

async function control(id, action) {
  try { await api("POST", `/api/campaigns/${id}/${action}`); }
  catch (err) { $("campaigns-error").textContent = err.message; }
  await loadCampaigns();
}

function drawChart(counts) {
  const data = OUTCOMES.map((o) => counts[o] || 0);
  if (!window.Chart) return;
  if (chart) { chart.data.datasets[0].data = data; chart.update("none"); return; }
  chart = new Chart($("chart-outcomes"), {type: "bar", options: {animation: false, plugins: {legend: {display: false}}},
    data: {labels: OUTCOMES.map((o) => o.replace("_", " ")), datasets: [{label: "Contacts", data}]}});
}

async function loadDetail() {
  let c;
  try { c = await api("GET", `/api/campaigns/${chosen}`); } catch (err) { $("campaigns-error").textContent = err.message; return; }
  $("detail").hidden = false;
  $("detail-title").textContent = `${c.name} (${c.status})`;
  drawChart(c.counts);
  $("contact-rows").replaceChildren(...c.contacts.map((k) => {
    const row = el("tr");
    row.append(el("td", k.phone), el("td", k.customer_id || ""), el("td", k.status),
               el("td", k.outcome || ""), el("td", String(k.attempts)),
               el("td", Object.entries(k.answers).map(([q, a]) => `${q}: ${a}`).join(", ")));
    return row;
  }));
}

function targetsOf(text) {
  return text.split(/\n/).map((l) => l.trim()).filter(Boolean)
    .map((t) => (t.startsWith("+") ? {phone: t} : {customer_id: t}));
}

async function create(event) {
  event.preventDefault();
  $("new-error").textContent = "";
  const rules = {max_attempts: Number($("new-attempts").value), max_concurrent: Number($("new-concurrent").value)};
  if ($("new-window").value.trim()) rules.window = $("new-window").value.trim();
  if ($("new-timezone").value.trim()) rules.timezone = $("new-timezone").value.trim();
  const body = {name: $("new-name").value, purpose: $("new-purpose").value,
                targets: targetsOf($("new-targets").value), rules};
  if ($("new-segment").value) body.segment = $("new-segment").value;
  try {
    const made = await api("POST", "/api/campaigns", body);
    chosen = made.id; $("new-campaign").reset();
  } catch (err) { $("new-error").textContent = err.message; return; }
  await loadCampaigns();
}

async function upload() {
  const file = $("targets-file").files[0];
  if (!file || chosen === null) return;
  const response = await fetch(`/api/campaigns/${chosen}/targets.csv`, {method: "POST",
    headers: {"Authorization": "Bearer " + token, "Content-Type": "text/csv"}, body: await file.text()});
  const data = await response.json().catch(() => ({}));
  $("detail-report").textContent = response.ok
    ? `${data.added} added, ${data.error_count} rejected${data.errors.length ? ": " + data.errors.join("; ") : ""}`
    : (data.error || response.statusText);
  $("targets-file").value = "";
  await loadCampaigns();
}

async function exportResults() {
  const response = await fetch(`/api/campaigns/${chosen}/results.csv`, {headers: {"Authorization": "Bearer " + token}});
  if (!response.ok) { $("detail-report").textContent = "The export failed."; return; }
  const link = el("a", null, {href: URL.createObjectURL(await response.blob()), download: `campaign-${chosen}-results.csv`});
  document.body.append(link); link.click(); link.remove();
}

async function start() {
  let me;
  try { me = await api("GET", "/api/me"); } catch (err) { showLogin(); return; }
  if (!["supervisor", "admin"].includes(me.role)) {
    showLogin();
    $("login-error").textContent = "Campaigns are for supervisors and admins.";
    return;
  }
  $("who").textContent = `${me.username} (${me.role})`;
  $("login-panel").hidden = true; $("campaigns").hidden = false; $("logout").hidden = false;
  await loadCampaigns();
  clearInterval(timer);
  timer = setInterval(loadCampaigns, REFRESH_MS);
}

wireLogin(start);
$("new-campaign").addEventListener("submit", create);
$("targets-file").addEventListener("change", upload);
$("export").addEventListener("click", exportResults);

if (token) start(); else showLogin();
