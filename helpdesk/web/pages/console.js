// Agent console: queue, conversation, customer context and leads, with live updates
// streamed from /api/live (server-sent events read through fetch, so the bearer token
// stays in a header). Uses common.js: api(), el(), $, token.
"use strict";
let me = null;
let selected = null;  // id of the handoff on screen
let stream = null;

function badge(text, kind) { return el("span", text, {className: "badge " + (kind || "")}); }

function minutes(seconds) {
  if (seconds === null || seconds === undefined) return "";
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
}

function handoffItem(h) {
  const item = el("li", null, {tabIndex: 0});
  item.dataset.id = h.id;
  if (h.id === selected) item.classList.add("selected");
  const who = h.customer ? h.customer.name : "Anonymous";
  item.append(el("strong", who), badge(h.tier, h.tier), badge(h.skill), badge(h.channel));
  if (h.overdue && h.status === "waiting") item.append(badge("overdue", "overdue"));
  if (h.offered_to && me && h.offered_to === me.username) item.append(badge("offered to you", "offered"));
  const since = h.status === "waiting" ? `waiting ${minutes(h.waiting_s)}` : h.status;
  item.append(el("div", `${h.reason.replaceAll("_", " ")} · ${since}`));
  const open = () => { selected = h.id; refresh(); };
  item.addEventListener("click", open);
  item.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
  return item;
}

async function loadQueues() {
  const [waiting, assigned] = await Promise.all([
    api("GET", "/api/handoffs?status=waiting"), api("GET", "/api/handoffs?status=assigned")]);
  waiting.reverse();  // oldest first on screen; tier order is the routing's business
  waiting.sort((a, b) => b.priority - a.priority);
  $("queue").replaceChildren(...waiting.map(handoffItem));
  $("queue-count").textContent = `(${waiting.length})`;
  $("mine").replaceChildren(...assigned.filter((h) => h.assigned_to === me.username).map(handoffItem));
}

async function loadConversation() {
  if (!selected) { $("conversation").hidden = true; $("no-conversation").hidden = false; return; }
  let h;
  try { h = await api("GET", `/api/handoffs/${selected}`); }
  catch (err) { $("conversation-error").textContent = err.message; return; }
  $("conversation").hidden = false; $("no-conversation").hidden = true;
  $("conversation-title").textContent = `Conversation ${h.conversation_id} (${h.status})`;
  $("summary").textContent = h.summary;
  $("transcript").replaceChildren(...h.transcript.map((line) => {
    const item = el("li", null, {className: line.role});
    const who = line.role === "agent" ? (line.author || "agent") : line.role === "user" ? "customer" : "bot";
    item.append(el("span", `${who} · ${new Date(line.at).toLocaleTimeString()}`, {className: "meta"}),
                el("span", line.text));
    return item;
  }));
  $("transcript").scrollTop = $("transcript").scrollHeight;
  const mine = h.status === "assigned" && h.assigned_to === me.username;
  $("claim").hidden = h.status !== "waiting";
  $("reply-form").hidden = !mine;
  $("close-form").hidden = !(mine || (me.role === "admin" && h.status !== "closed"));
  await loadContext(h);
}

async function loadContext(h) {
  const box = $("context"); box.replaceChildren();
  const context = await api("GET", `/api/handoffs/${h.id}/context`);
  const facts = el("dl");
  const add = (term, value) => { if (value !== null && value !== undefined && value !== "") facts.append(el("dt", term), el("dd", String(value))); };
  if (context.profile) {
    add("Name", context.profile.name); add("Customer ID", context.profile.customer_id);
    add("Tier", context.profile.tier); add("Phone", context.profile.phone); add("Email", context.profile.email);
  } else { add("Customer", "not identified"); }
  add("Verified", h.verified ? "yes (PIN)" : "no");
  add("Channel", h.channel); add("Reason", h.reason); add("Skill", h.skill);
  for (const [name, value] of Object.entries(h.slots)) add(name, value);
  box.append(facts);
  if (context.profile) await showPinLock(box, context.profile.customer_id);
  if (context.orders.length) {
    box.append(el("h3", "Recent orders"));
    const list = el("ul");
    for (const o of context.orders) {
      const item = el("li", `#${o.order_id} · ${o.status} · ${o.placed_at} · ${o.total} ${o.currency} · ${o.items}`);
      for (const s of o.shipments) {
        item.append(el("div", `${s.carrier} ${s.tracking_number}: ${s.status.replaceAll("_", " ")}` +
                              `${s.last_location ? ", " + s.last_location : ""}${s.eta ? ", ETA " + s.eta : ""}`));
      }
      if (o.return) item.append(el("div", `Return ${o.return.rma} (${o.return.status}): ${o.return.reason}`));
      if (o.delivery_address) item.append(el("div", `Deliver to: ${o.delivery_address}`));
      list.append(item);
    }
    box.append(list);
  }
  if (context.changes && context.changes.length) {
    // The customer's own changes through the bot (helpdesk/crm/order_service.py).
    box.append(el("h3", "Changes by the customer"));
    const changes = el("ul");
    for (const c of context.changes) {
      const what = c.order_id ? `${c.kind} · order #${c.order_id}` : c.kind;
      const values = c.old_value ? `${c.old_value} → ${c.new_value}` : (c.new_value || "");
      changes.append(el("li", `${c.at.slice(0, 16).replace("T", " ")} · ${what} · ${values} · ${c.channel}`));
    }
    box.append(changes);
  }
  await loadHistory(context.profile && context.profile.customer_id, h.conversation_id);
}

async function showPinLock(box, customerId) {
  // Wrong PINs in a row lock the customer's PIN verification on every channel; once the
  // agent knows who they are talking to, they can lift the lock (the audit log records it).
  const path = `/api/customers/${encodeURIComponent(customerId)}/pin-status`;
  let status;
  try { status = await api("GET", path); } catch (err) { return; }
  const line = el("p", null, {id: "pin-lock"});
  // Two refreshes of the panel can overlap across the request above: one line, not two.
  const earlier = box.querySelector("#pin-lock");
  if (earlier) earlier.remove();
  if (!status.locked) {
    line.textContent = "PIN verification: not locked";
    box.append(line);
    return;
  }
  line.textContent = `PIN verification locked until ${new Date(status.locked_until).toLocaleTimeString()} `;
  const unlock = el("button", "Unlock PIN", {type: "button", id: "pin-unlock"});
  unlock.addEventListener("click", async () => {
    unlock.disabled = true;
    try {
      await api("POST", `/api/customers/${encodeURIComponent(customerId)}/pin-unlock`);
      line.textContent = "PIN verification: unlocked";
    } catch (err) { line.textContent = `Could not unlock: ${err.message}`; }
  });
  line.append(unlock);
  box.append(line);
}

async function loadHistory(customerId, conversationId) {
  // The customer's past conversations on every channel (a repeat within 7 days is marked).
  $("history-box").hidden = !customerId;
  if (!customerId) return;
  const past = await api("GET", `/api/customers/${encodeURIComponent(customerId)}/history`);
  const rows = past.map((c) => {
    const row = el("tr", null, {className: c.conversation_id === conversationId ? "selected" : ""});
    const channel = {socketio: "web chat", rest: "REST", voice: "phone", outbound: "outbound call"}[c.channel] || c.channel;
    row.append(el("td", new Date(c.started_at).toLocaleDateString()), el("td", channel),
               el("td", (c.topic || "–") + (c.repeat_contact ? " (repeat)" : "")), el("td", c.outcome),
               el("td", c.csat_rating === null ? "–" : String(c.csat_rating)));
    return row;
  });
  if (!rows.length) {
    const none = el("tr");
    none.append(el("td", "No conversations yet.", {colSpan: 5}));
    rows.push(none);
  }
  $("history").replaceChildren(...rows);
}

async function loadLeads() {
  const params = new URLSearchParams();
  if ($("lead-status").value) params.set("status", $("lead-status").value);
  if ($("lead-search").value.trim()) params.set("q", $("lead-search").value.trim());
  const leads = await api("GET", "/api/leads?" + params);
  $("leads").replaceChildren(...leads.map((lead) => {
    const row = el("tr");
    row.append(el("td", new Date(lead.created_at).toLocaleString()), el("td", lead.name),
               el("td", lead.phone), el("td", lead.email), el("td", lead.interest),
               el("td", lead.best_time), el("td", lead.source_channel));
    const status = el("select", null, {"aria-label": `Status of lead ${lead.id}`});
    for (const s of ["new", "contacted", "won", "lost"]) status.append(el("option", s, {value: s, selected: s === lead.status}));
    status.addEventListener("change", () => api("PATCH", `/api/leads/${lead.id}`, {status: status.value}));
    const owner = el("td", lead.owner || "");
    if (!lead.owner) {
      const take = el("button", "Take", {type: "button"});
      take.addEventListener("click", () => api("PATCH", `/api/leads/${lead.id}`, {owner: me.username}).then(loadLeads));
      owner.append(take);
    }
    row.append(el("td"), owner); row.children[7].append(status);
    return row;
  }));
}

async function refresh() {
  try {
    await loadQueues();
    await loadConversation();
    if (!$("leads-view").hidden) await loadLeads();
  } catch (err) { $("conversation-error").textContent = err.message; }
}

async function listen() {
  // Server-sent events over fetch; reconnects after a network loss.
  while (token) {
    try {
      const response = await fetch("/api/live", {headers: {"Authorization": "Bearer " + token}});
      if (response.status === 401) { showLogin(); return; }
      $("live").hidden = false;
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = "";
      for (;;) {
        const {value, done} = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, {stream: true});
        let cut;
        while ((cut = buffer.indexOf("\n\n")) >= 0) {
          const message = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
          if (message.startsWith("event: changed")) refresh();
        }
      }
    } catch (err) { /* network loss: try again */ }
    $("live").hidden = true;
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

function showLogin() {
  token = null; sessionStorage.removeItem("helpdesk-token");
  for (const id of ["console", "leads-view", "tabs", "logout", "presence-box"]) $(id).hidden = true;
  $("login-panel").hidden = false; $("who").textContent = "";
}

async function start() {
  try { me = await api("GET", "/api/me"); } catch (err) { showLogin(); return; }
  if (me.role !== "agent" && me.role !== "admin") {
    $("login-error").textContent = "The agent console needs the agent or admin role.";
    showLogin(); return;
  }
  $("who").textContent = `${me.username} (${me.role})`;
  $("login-panel").hidden = true;
  for (const id of ["console", "tabs", "logout", "presence-box"]) $(id).hidden = false;
  const presence = await api("GET", "/api/agents/me");
  $("presence").value = presence.presence;
  await refresh();
  if (!stream) stream = listen().finally(() => { stream = null; });
}

wireLogin(start);


$("presence").addEventListener("change", () => api("PUT", "/api/agents/me/presence", {presence: $("presence").value}).then(refresh));

$("claim").addEventListener("click", async () => {
  $("conversation-error").textContent = "";
  try { await api("POST", `/api/handoffs/${selected}/claim`); } catch (err) { $("conversation-error").textContent = err.message; }
  await refresh();
});

$("reply-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("conversation-error").textContent = "";
  try { await api("POST", `/api/handoffs/${selected}/messages`, {text: $("reply").value}); $("reply").value = ""; }
  catch (err) { $("conversation-error").textContent = err.message; }
  await refresh();
});

$("close-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    await api("POST", `/api/handoffs/${selected}/close`, {resolution: $("resolution").value, return_to_bot: $("return-to-bot").checked});
  } catch (err) { $("conversation-error").textContent = err.message; }
  await refresh();
});

function showTab(leads) {
  $("tab-conversations").setAttribute("aria-pressed", String(!leads));
  $("tab-leads").setAttribute("aria-pressed", String(leads));
  $("console").hidden = leads; $("leads-view").hidden = !leads;
  if (leads) loadLeads();
}
$("tab-conversations").addEventListener("click", () => showTab(false));
$("tab-leads").addEventListener("click", () => showTab(true));
$("lead-filters").addEventListener("submit", (event) => { event.preventDefault(); loadLeads(); });
$("leads-csv").addEventListener("click", async () => {
  const response = await fetch("/api/leads.csv", {headers: {"Authorization": "Bearer " + token}});
  const url = URL.createObjectURL(await response.blob());
  const link = el("a", null, {href: url, download: "leads.csv"}); document.body.append(link); link.click(); link.remove();
});

if (token) start(); else showLogin();
