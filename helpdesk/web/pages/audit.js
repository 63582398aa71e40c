// Audit log page (admins): who changed what, when, from GET /api/audit.
"use strict";

function showLogin() {
  token = null; sessionStorage.removeItem("helpdesk-token");
  $("audit").hidden = true; $("logout").hidden = true;
  $("login-panel").hidden = false; $("who").textContent = "";
}

async function loadEntries() {
  $("audit-error").textContent = "";
  const params = new URLSearchParams();
  if ($("audit-user").value.trim()) params.set("user", $("audit-user").value.trim());
  if ($("audit-since").value) params.set("since", $("audit-since").value);
  let entries;
  try { entries = await api("GET", "/api/audit?" + params); }
  catch (err) { $("audit-error").textContent = err.message; return; }
  const rows = entries.map((e) => {
    const row = el("tr");
    row.append(el("td", new Date(e.at).toLocaleString()), el("td", e.username), el("td", e.role),
               el("td", e.action), el("td", e.target), el("td", e.client));
    return row;
  });
  if (!rows.length) { const row = el("tr"); row.append(el("td", "Nothing recorded yet.", {colSpan: 6})); rows.push(row); }
  $("audit-rows").replaceChildren(...rows);
}

async function start() {
  let me;
  try { me = await api("GET", "/api/me"); } catch (err) { showLogin(); return; }
  if (me.role !== "admin") {
    showLogin();
    $("login-error").textContent = "The audit log is for admins.";
    return;
  }
  $("who").textContent = `${me.username} (${me.role})`;
  $("login-panel").hidden = true; $("audit").hidden = false; $("logout").hidden = false;
  await loadEntries();
}

wireLogin(start);
$("audit-form").addEventListener("submit", (event) => { event.preventDefault(); loadEntries(); });

if (token) start(); else showLogin();
