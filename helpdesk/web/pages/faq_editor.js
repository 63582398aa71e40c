// FAQ editor (uses common.js: api(), el(), $, token).
"use strict";
let current = null;

async function loadUsers() {
  const users = await api("GET", "/api/users");
  const body = $("users"); body.replaceChildren();
  for (const user of users) {
    const row = el("tr");
    row.append(el("td", user.username), el("td", user.role), el("td", user.skills.join(", ")),
               el("td", user.active ? "active" : "disabled"));
    const toggle = el("button", user.active ? "Disable" : "Enable", {type: "button"});
    toggle.addEventListener("click", async () => {
      await api("POST", `/api/users/${user.id}/active`, {active: !user.active}); await loadUsers();
    });
    row.appendChild(el("td")).appendChild(toggle);
    body.appendChild(row);
  }
}

function showLogin() {
  token = null; sessionStorage.removeItem("helpdesk-token");
  $("login-panel").hidden = false; $("editor").hidden = true; $("logout").hidden = true;
  $("who").textContent = "";
}

async function start() {
  try {
    const me = await api("GET", "/api/me");
    if (me.role !== "editor" && me.role !== "admin") {
      $("login-error").textContent = "The FAQ editor needs the editor or admin role.";
      showLogin(); return;
    }
    $("who").textContent = `${me.username} (${me.role})`;
    $("login-panel").hidden = true; $("editor").hidden = false; $("logout").hidden = false;
    await Promise.all([loadEntries(), loadUnanswered()]);
    newEntry();
    $("users-panel").hidden = me.role !== "admin";
    if (me.role === "admin") await loadUsers();
  } catch (e) { showLogin(); }
}

async function loadEntries() {
  const q = $("search").value.trim();
  const entries = await api("GET", "/api/faq" + (q ? "?q=" + encodeURIComponent(q) : ""));
  $("count").textContent = `(${entries.length})`;
  const list = $("entries"); list.replaceChildren();
  for (const entry of entries) {
    const button = el("button", entry.question, {type: "button"});
    button.addEventListener("click", () => edit(entry));
    list.appendChild(el("li")).appendChild(button);
  }
}

async function loadUnanswered() {
  const rows = await api("GET", "/api/faq/unanswered");
  const list = $("unanswered"); list.replaceChildren();
  if (!rows.length) list.appendChild(el("li", "Nothing yet."));
  for (const row of rows) {
    const item = el("li", `${row.text} (${row.count}×) `);
    const make = el("button", "Make an entry", {type: "button"});
    make.addEventListener("click", () => { newEntry(); $("question").value = row.text; current = {fromUnanswered: row.id}; $("answer").focus(); });
    const add = el("button", "Add as phrasing of the open entry", {type: "button"});
    add.addEventListener("click", async () => {
      if (!current || !current.id) { $("form-status").textContent = "Open an entry first."; return; }
      $("alternates").value = ($("alternates").value.trim() + "\n" + row.text).trim();
      await save(row.id);
    });
    item.append(make, " ", add);
    list.appendChild(item);
  }
}

function newEntry() {
  current = null;
  $("form-title").textContent = "New entry";
  for (const id of ["question", "answer", "voice_answer", "alternates", "tags"]) $(id).value = "";
  $("delete").hidden = true; $("history").replaceChildren(); $("form-status").textContent = "";
}

async function edit(entry) {
  current = entry;
  $("form-title").textContent = `Edit entry ${entry.id}`;
  $("question").value = entry.question; $("answer").value = entry.answer;
  $("voice_answer").value = entry.voice_answer || "";
  $("alternates").value = entry.alternates.join("\n"); $("tags").value = entry.tags.join(", ");
  $("delete").hidden = false; $("form-status").textContent = "";
  await loadHistory(entry.id);
}

async function loadHistory(id) {
  const versions = await api("GET", `/api/faq/${id}/history`);
  const list = $("history"); list.replaceChildren();
  for (const v of versions) {
    const item = el("li", `Version ${v.version}: ${v.change} by ${v.changed_by}, ${v.changed_at} `);
    if (v.version !== current.version) {
      const revert = el("button", "Revert to this version", {type: "button"});
      revert.addEventListener("click", async () => {
        const entry = await api("POST", `/api/faq/${id}/revert`, {version: v.version});
        await loadEntries(); await edit(entry);  // edit() clears the status line
        $("form-status").textContent = `Reverted to version ${v.version}.`;
      });
      item.appendChild(revert);
    }
    if (v.diff) item.appendChild(el("pre", v.diff, {className: "diff"}));
    list.appendChild(item);
  }
}

async function save(resolvedQuestion) {
  const body = {
    question: $("question").value, answer: $("answer").value,
    voice_answer: $("voice_answer").value.trim() || null,
    alternates: $("alternates").value.split("\n").map((s) => s.trim()).filter(Boolean),
    tags: $("tags").value.split(",").map((s) => s.trim()).filter(Boolean),
  };
  try {
    const entry = current && current.id
      ? await api("PUT", `/api/faq/${current.id}`, body)
      : await api("POST", "/api/faq", body);
    const resolved = resolvedQuestion || (current && current.fromUnanswered);
    if (resolved) await api("POST", `/api/faq/unanswered/${resolved}/resolve`);
    $("form-status").textContent = "Saved. The bot answers with it within a few seconds.";
    await Promise.all([loadEntries(), loadUnanswered()]);
    await edit(entry);
    $("form-status").textContent = "Saved. The bot answers with it within a few seconds.";
  } catch (e) { $("form-status").textContent = "Not saved: " + e.message; }
}

wireLogin(start);
$("search").addEventListener("input", () => loadEntries());
$("new-entry").addEventListener("click", newEntry);
$("entry-form").addEventListener("submit", (event) => { event.preventDefault(); save(); });
$("delete").addEventListener("click", async () => {
  if (!current || !confirm("Delete this entry? It stays in its history and can be reverted.")) return;
  await api("DELETE", `/api/faq/${current.id}`);
  newEntry(); await loadEntries(); $("form-status").textContent = "Deleted.";
});
$("preview-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const out = $("preview-result"); out.replaceChildren();
  try {
    const result = await api("POST", "/api/faq/preview", {question: $("preview-question").value});
    const verdict = {answer: "The bot answers with the first entry.", choose: "The bot asks which one was meant.",
                     none: "No good match: the bot says so and offers a person."}[result.decision];
    out.appendChild(el("p", verdict));
    const list = el("ol");
    for (const m of result.matches) list.appendChild(el("li", `${m.question} — score ${m.score} (matched “${m.matched_phrasing}”)`));
    out.appendChild(list);
  } catch (e) { out.appendChild(el("p", e.message, {className: "error"})); }
});
$("user-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", "/api/users", {username: $("new-username").value, password: $("new-password").value,
      role: $("new-role").value, skills: $("new-skills").value.split(",").map((s) => s.trim()).filter(Boolean)});
    $("user-status").textContent = "User added."; $("user-form").reset(); await loadUsers();
  } catch (e) { $("user-status").textContent = "Not added: " + e.message; }
});
if (token) start(); else showLogin();
