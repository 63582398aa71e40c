// The website chat widget: embeddable with one script tag,
//   <script src="https://HOST:8080/widget.js" data-customer-token="..." async></script>
// The web app puts `window.HelpdeskWidgetDefaults = {...}` (its settings) ahead of this
// code. It loads widget.css and the socket.io client from its own script's origin and talks
// to Rasa's socket.io channel (helpdesk/rasa_plugins/widget_channel.py, CONTRACT §5).
//
// Settings, later ones win: HelpdeskWidgetDefaults, window.HelpdeskWidgetConfig, the script
// tag's data-* attributes (customer-token, title, greeting, color, rasa-url).
// Message texts are only ever set as textContent: nothing from a message becomes HTML.
(function () {
  "use strict";
  if (window.HelpdeskWidget) return; // embedded twice: keep the first

  var SCRIPT = document.currentScript ||
    document.querySelector('script[src*="widget.js"]');
  var SCRIPT_URL = new URL(SCRIPT && SCRIPT.src ? SCRIPT.src : "/widget.js", location.href);
  var ORIGIN = SCRIPT_URL.origin;
  var MAX_STORED = 200;
  var MAX_CHARS = 2000;
  var ACK_TIMEOUT_MS = 60000;
  var STORE_PREFIX = "hdw:";

  var config = readConfig();
  var state = {
    sessionId: null,       // confirmed by the server (or restored from sessionStorage)
    messages: [],          // {id, role: user|bot|agent, text, ts, agent?, replies?, answered?, pending?}
    socket: null,
    confirmed: false,      // session_confirm received on the current connection
    sending: null,         // the message waiting for the server's acknowledgement
    everConnected: false,
    open: false,
    unread: 0,
  };
  var ui = {};

  // ---- settings -----------------------------------------------------------------------
  function readConfig() {
    var defaults = window.HelpdeskWidgetDefaults || {};
    var host = window.HelpdeskWidgetConfig || {};
    var data = SCRIPT ? SCRIPT.dataset : {};
    var merged = {
      rasaUrl: null, rasaPort: 5005, socketPath: "/socket.io/", title: "Customer service",
      greeting: "", color: "#1f5fbf", customerToken: null,
    };
    [defaults, host, {
      customerToken: data.customerToken, title: data.title, greeting: data.greeting,
      color: data.color, rasaUrl: data.rasaUrl,
    }].forEach(function (source) {
      Object.keys(source).forEach(function (key) {
        if (source[key] !== undefined && source[key] !== null && source[key] !== "") {
          merged[key] = source[key];
        }
      });
    });
    if (!merged.rasaUrl) {
      merged.rasaUrl = SCRIPT_URL.protocol + "//" + SCRIPT_URL.hostname + ":" + merged.rasaPort;
    }
    merged.rasaUrl = String(merged.rasaUrl).replace(/\/+$/, "");
    return merged;
  }

  // ---- storage ------------------------------------------------------------------------
  // sessionStorage, not localStorage: the conversation (and a verification in it) survives
  // reloads and page changes in this tab, but not the closing of the tab or browser, so the
  // next person on a shared device starts afresh. Unavailable storage: the widget forgets.
  function storeGet(key) {
    try { return window.sessionStorage.getItem(STORE_PREFIX + key); } catch (e) { return null; }
  }
  function storeSet(key, value) {
    try {
      if (value === null) window.sessionStorage.removeItem(STORE_PREFIX + key);
      else window.sessionStorage.setItem(STORE_PREFIX + key, value);
    } catch (e) { /* full or blocked */ }
  }
  function sessionKey() { return "session:" + config.rasaUrl; }
  function saveMessages() {
    if (state.messages.length > MAX_STORED) {
      state.messages = state.messages.slice(state.messages.length - MAX_STORED);
    }
    if (state.sessionId) storeSet("messages:" + state.sessionId, JSON.stringify(state.messages));
    else storeSet("messages:new", JSON.stringify(state.messages));
  }
  function loadMessages(sessionId) {
    try {
      var list = JSON.parse(storeGet("messages:" + (sessionId || "new")) || "[]");
      return Array.isArray(list) ? list.filter(function (m) {
        return m && typeof m.text === "string" && typeof m.role === "string";
      }) : [];
    } catch (e) { return []; }
  }

  // ---- DOM helpers --------------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function svg(paths, className) {
    var ns = "http://www.w3.org/2000/svg";
    var root = document.createElementNS(ns, "svg");
    root.setAttribute("viewBox", "0 0 24 24");
    root.setAttribute("aria-hidden", "true");
    root.setAttribute("focusable", "false");
    root.setAttribute("class", className);
    paths.forEach(function (d) {
      var path = document.createElementNS(ns, "path");
      path.setAttribute("d", d);
      root.appendChild(path);
    });
    return root;
  }
  var ICON_CHAT = ["M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"];
  var ICON_CLOSE = ["M6 6l12 12M18 6L6 18"];

  function loadStyle() {
    if (document.querySelector("link[data-hdw-style]")) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = ORIGIN + "/widget.css";
    link.setAttribute("data-hdw-style", "");
    (document.head || document.documentElement).appendChild(link);
  }

  // Our own copy of the socket.io client, whatever the host page has: the global `io` is
  // the host's again once ours has loaded.
  var ioClient = null;
  function loadSocketIo(done) {
    var hostIo = window.io;
    var script = document.createElement("script");
    script.src = ORIGIN + "/vendor/socket.io.min.js";
    script.async = true;
    script.onload = function () {
      ioClient = window.io;
      if (hostIo === undefined) delete window.io; else window.io = hostIo;
      if (typeof ioClient === "function") done();
      else setStatus("error", "Chat is unavailable right now.");
    };
    script.onerror = function () { setStatus("error", "Chat is unavailable right now."); };
    (document.head || document.documentElement).appendChild(script);
  }

  // The theme colour, and a readable text colour on it.
  function applyTheme(root) {
    var color = String(config.color || "");
    if (!(window.CSS && CSS.supports && CSS.supports("color", color))) color = "#1f5fbf";
    root.style.setProperty("--hdw-color", color);
    var probe = el("span");
    probe.style.color = color;
    root.appendChild(probe);
    var rgb = (getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0]).map(Number);
    root.removeChild(probe);
    var lin = rgb.slice(0, 3).map(function (c) {
      c /= 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var luminance = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2];
    root.style.setProperty("--hdw-on-color", luminance > 0.4 ? "#111111" : "#ffffff");
  }

  // ---- building the widget ------------------------------------------------------------
  function build() {
    var root = el("div", "hdw-root");
    root.setAttribute("data-hdw", "");
    applyTheme(root);

    var launcher = el("button", "hdw-launcher");
    launcher.type = "button";
    launcher.setAttribute("aria-expanded", "false");
    launcher.setAttribute("aria-controls", "hdw-panel");
    launcher.setAttribute("aria-label", launcherLabel());
    launcher.setAttribute("aria-haspopup", "dialog");
    launcher.appendChild(svg(ICON_CHAT, "hdw-icon hdw-icon-chat"));
    launcher.appendChild(svg(ICON_CLOSE, "hdw-icon hdw-icon-close"));
    var badge = el("span", "hdw-badge");
    badge.hidden = true;
    badge.setAttribute("aria-hidden", "true");
    launcher.appendChild(badge);

    var panel = el("div", "hdw-panel");
    panel.id = "hdw-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", config.title);
    panel.hidden = true;

    var header = el("div", "hdw-header");
    var heading = el("div", "hdw-title", config.title);
    var headerButtons = el("div", "hdw-header-buttons");
    var restart = el("button", "hdw-new", "New conversation");
    restart.type = "button";
    var close = el("button", "hdw-close");
    close.type = "button";
    close.setAttribute("aria-label", "Close chat");
    close.appendChild(svg(ICON_CLOSE, "hdw-icon"));
    headerButtons.appendChild(restart);
    headerButtons.appendChild(close);
    header.appendChild(heading);
    header.appendChild(headerButtons);

    var status = el("div", "hdw-status");
    status.setAttribute("role", "status");

    var log = el("div", "hdw-log");
    log.id = "hdw-log";
    log.setAttribute("role", "log");
    log.setAttribute("aria-live", "polite");
    log.setAttribute("aria-label", "Conversation");
    log.tabIndex = 0; // scrollable by keyboard

    var typing = el("div", "hdw-typing");
    typing.hidden = true;
    var dots = el("span", "hdw-dots");
    dots.setAttribute("aria-hidden", "true");
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    dots.appendChild(el("span"));
    typing.appendChild(dots);
    typing.appendChild(el("span", "hdw-sr-only", "The assistant is typing…"));

    var form = el("form", "hdw-form");
    form.setAttribute("novalidate", "");
    var label = el("label", "hdw-sr-only", "Type your message");
    label.htmlFor = "hdw-input";
    var input = el("input", "hdw-input");
    input.id = "hdw-input";
    input.type = "text";
    input.autocomplete = "off";
    input.maxLength = MAX_CHARS;
    input.placeholder = "Type your message…";
    var send = el("button", "hdw-send", "Send");
    send.type = "submit";
    form.appendChild(label);
    form.appendChild(input);
    form.appendChild(send);

    panel.appendChild(header);
    panel.appendChild(status);
    panel.appendChild(log);
    panel.appendChild(typing);
    panel.appendChild(form);
    root.appendChild(launcher);
    root.appendChild(panel);
    document.body.appendChild(root);

    ui = {root: root, launcher: launcher, badge: badge, panel: panel, status: status,
          log: log, typing: typing, form: form, input: input, restart: restart};
    keepPinned();

    launcher.addEventListener("click", function () { if (state.open) closePanel(); else openPanel(); });
    close.addEventListener("click", function () { closePanel(); });
    restart.addEventListener("click", newConversation);
    root.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && state.open) {
        event.preventDefault();
        closePanel();
      } else if (event.key === "Tab" && state.open && fullScreen()) {
        keepFocusInPanel(event);
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      input.value = "";
      userSays(text, text);
    });
  }

  function openPanel() {
    state.open = true;
    ui.panel.hidden = false;
    ui.root.classList.add("hdw-is-open");
    ui.launcher.setAttribute("aria-expanded", "true");
    state.unread = 0;
    showUnread();
    scrollToEnd();
    ui.input.focus();
    connect();
  }

  function closePanel() {
    if (!state.open) return;
    state.open = false;
    ui.panel.hidden = true;
    ui.root.classList.remove("hdw-is-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.focus();
  }

  // A stable name (aria-expanded tells open or closed), with the unread count.
  function launcherLabel() {
    var unread = state.unread ? " (" + state.unread + " new " +
      (state.unread === 1 ? "message" : "messages") + ")" : "";
    return config.title + " chat" + unread;
  }

  function showUnread() {
    ui.badge.hidden = state.unread === 0;
    ui.badge.textContent = state.unread > 9 ? "9+" : String(state.unread);
    ui.launcher.setAttribute("aria-label", launcherLabel());
  }

  // At phone width the panel covers the page: Tab cycles inside it.
  function fullScreen() {
    return window.matchMedia && window.matchMedia("(max-width: 480px)").matches;
  }
  function keepFocusInPanel(event) {
    var focusable = Array.prototype.filter.call(
      ui.panel.querySelectorAll("button, input, [tabindex='0']"),
      function (node) { return !node.disabled && node.offsetParent !== null; });
    if (!focusable.length) return;
    var first = focusable[0];
    var last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function setStatus(kind, text) {
    ui.status.textContent = text || "";
    ui.status.className = "hdw-status" + (kind ? " hdw-status-" + kind : "");
    ui.panel.setAttribute("data-connection", kind || "online");
  }

  // The log stays at its newest message unless the customer scrolled up to read, also
  // when its size changes (phone keyboard, window resize).
  var pinnedToEnd = true;
  function scrollToEnd() {
    ui.log.scrollTop = ui.log.scrollHeight;
    pinnedToEnd = true;
  }
  function keepPinned() {
    ui.log.addEventListener("scroll", function () {
      pinnedToEnd = ui.log.scrollTop + ui.log.clientHeight >= ui.log.scrollHeight - 24;
    }, {passive: true});
    if (window.ResizeObserver) {
      new ResizeObserver(function () { if (pinnedToEnd) scrollToEnd(); }).observe(ui.log);
    }
  }

  // ---- messages -----------------------------------------------------------------------
  function newId() { return Date.now().toString(36) + Math.random().toString(36).slice(2, 8); }

  function formatTime(ts) {
    var date = new Date(ts * 1000);
    return date.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"});
  }

  var URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

  // Text with web addresses as links; everything else stays text.
  function appendText(node, text) {
    var last = 0;
    text.replace(URL_PATTERN, function (match, offset) {
      node.appendChild(document.createTextNode(text.slice(last, offset)));
      var link = el("a", "hdw-link", match);
      link.href = match;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      node.appendChild(link);
      last = offset + match.length;
      return match;
    });
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function renderMessage(message) {
    var item = el("div", "hdw-msg hdw-msg-" + message.role);
    item.setAttribute("data-id", message.id);
    var who = message.role === "user" ? "You" :
      message.role === "agent" ? (message.agent || "Agent") : "Assistant";
    if (message.role === "agent") {
      var name = el("div", "hdw-sender");
      name.appendChild(document.createTextNode(who + " "));
      name.appendChild(el("span", "hdw-agent-badge", "Agent"));
      item.appendChild(name);
    } else {
      item.appendChild(el("span", "hdw-sr-only", who + ": "));
    }
    var bubble = el("div", "hdw-bubble");
    appendText(bubble, message.text);
    item.appendChild(bubble);
    var meta = el("div", "hdw-meta");
    var time = el("time", "hdw-time", formatTime(message.ts));
    time.dateTime = new Date(message.ts * 1000).toISOString();
    meta.appendChild(time);
    if (message.pending) {
      meta.appendChild(el("span", "hdw-pending",
        state.confirmed ? " · Sending…" : " · Will be sent when the connection is back"));
    }
    item.appendChild(meta);
    if (message.replies && message.replies.length && !message.answered) {
      var group = el("div", "hdw-replies");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      message.replies.forEach(function (reply) {
        var button = el("button", "hdw-reply", reply.title);
        button.type = "button";
        button.addEventListener("click", function () {
          userSays(reply.title, reply.payload || reply.title);
        });
        group.appendChild(button);
      });
      item.appendChild(group);
    }
    return item;
  }

  function showMessage(message) {
    ui.log.appendChild(renderMessage(message));
    while (ui.log.childNodes.length > MAX_STORED) ui.log.removeChild(ui.log.firstChild);
    scrollToEnd();
  }

  function refreshMessage(message) {
    var old = ui.log.querySelector('[data-id="' + message.id + '"]');
    if (!old) return;
    var hadFocus = old.contains(document.activeElement);
    old.replaceWith(renderMessage(message));
    if (hadFocus) ui.input.focus();
  }

  function addMessage(message) {
    state.messages.push(message);
    saveMessages();
    showMessage(message);
  }

  function renderAll() {
    while (ui.log.firstChild) ui.log.removeChild(ui.log.firstChild);
    state.messages.forEach(showMessage);
  }

  function greet() {
    if (config.greeting) {
      addMessage({id: newId(), role: "bot", text: String(config.greeting),
                  ts: Date.now() / 1000});
    }
  }

  // The customer sends `text` (shown) as `payload` (sent: a quick reply's payload).
  function userSays(text, payload) {
    state.messages.forEach(function (m) {
      if (m.replies && m.replies.length && !m.answered) {
        m.answered = true;
        refreshMessage(m);
      }
    });
    var message = {id: newId(), role: "user", text: text, payload: payload,
                   ts: Date.now() / 1000, pending: true};
    addMessage(message);
    ui.input.focus();
    connect();
    flush();
  }

  function botSays(data) {
    if (!data || typeof data !== "object") return;
    var text = typeof data.text === "string" ? data.text : "";
    var replies = Array.isArray(data.quick_replies) ? data.quick_replies.filter(function (r) {
      return r && typeof r.title === "string" && r.title;
    }).map(function (r) {
      return {title: r.title, payload: typeof r.payload === "string" ? r.payload : r.title};
    }) : [];
    if (!text && !replies.length) return;
    var message = {id: newId(), role: data.agent_name ? "agent" : "bot", text: text,
                   ts: typeof data.timestamp === "number" ? data.timestamp : Date.now() / 1000};
    if (data.agent_name) message.agent = String(data.agent_name);
    if (replies.length) message.replies = replies;
    addMessage(message);
    if (!state.open) {
      state.unread += 1;
      showUnread();
    }
  }

  // ---- the connection -----------------------------------------------------------------
  function connect() {
    if (state.socket || !ioClient) return;
    setStatus("connecting", "Connecting…");
    var socket = ioClient(config.rasaUrl, {
      path: config.socketPath,
      transports: ["websocket"],
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
    });
    state.socket = socket;
    socket.on("connect", function () {
      state.confirmed = false;
      socket.emit("session_request", {session_id: state.sessionId});
    });
    socket.on("session_confirm", function (id) {
      var sessionId = typeof id === "string" ? id : (id && id.session_id);
      if (!sessionId) return;
      if (sessionId !== state.sessionId) {
        if (state.sessionId) storeSet("messages:" + state.sessionId, null);
        else storeSet("messages:new", null);
        state.sessionId = sessionId;
        storeSet(sessionKey(), sessionId);
        saveMessages();
      }
      state.confirmed = true;
      state.everConnected = true;
      setStatus("", "");
      state.messages.forEach(function (m) { if (m.pending) refreshMessage(m); });
      flush();
    });
    socket.on("bot_uttered", botSays);
    socket.on("error", function (data) {
      if (window.console) console.warn("chat widget:", data && data.error);
    });
    socket.on("disconnect", function (reason) {
      state.confirmed = false;
      setStatus("reconnecting", "Reconnecting…");
      showTyping(false);
      state.messages.forEach(function (m) { if (m.pending) refreshMessage(m); });
      if (reason === "io server disconnect") { // the server does not reconnect by itself
        setTimeout(function () { if (state.socket === socket) socket.connect(); }, 1000);
      }
    });
    socket.on("connect_error", function () {
      setStatus("reconnecting", state.everConnected ? "Reconnecting…" : "Connecting…");
    });
  }

  // Send the oldest unsent message; the next one goes when the server has handled it (its
  // acknowledgement comes after the bot's answer), so the bot sees them in order.
  function flush() {
    if (!state.socket || !state.confirmed || state.sending) return;
    var message = state.messages.find(function (m) { return m.pending; });
    if (!message) { showTyping(false); return; }
    state.sending = message;
    showTyping(true);
    var data = {message: message.payload || message.text, session_id: state.sessionId};
    if (config.customerToken) data.customData = {customer_token: String(config.customerToken)};
    state.socket.timeout(ACK_TIMEOUT_MS).emit("user_uttered", data, function (err) {
      if (state.sending !== message) return; // dropped meanwhile (offline, new conversation)
      state.sending = null;
      if (err && /disconnected/.test(err.message || "")) {
        return; // not known to have arrived: sent again after the reconnection
      }
      // Handled (or timed out while connected: it arrived, so never sent twice).
      message.pending = false;
      saveMessages();
      refreshMessage(message);
      flush();
    });
  }

  var typingTimer = null;
  function showTyping(on) {
    ui.typing.hidden = !on;
    clearTimeout(typingTimer);
    if (on) typingTimer = setTimeout(function () { ui.typing.hidden = true; }, ACK_TIMEOUT_MS);
    if (on) scrollToEnd();
  }

  // Network loss noticed by the browser: drop the socket at once instead of waiting for
  // socket.io's heartbeat to time out, and come back as soon as the network does.
  window.addEventListener("offline", function () {
    if (!state.socket) return;
    state.socket.disconnect();
    state.confirmed = false;
    state.sending = null;
    setStatus("reconnecting", "Reconnecting…");
  });
  window.addEventListener("online", function () {
    if (state.socket && !state.socket.connected) state.socket.connect();
  });

  function newConversation() {
    if (state.sessionId) storeSet("messages:" + state.sessionId, null);
    storeSet("messages:new", null);
    storeSet(sessionKey(), null);
    state.sessionId = null;
    state.messages = [];
    state.sending = null;
    showTyping(false);
    renderAll();
    greet();
    if (state.socket) {
      var socket = state.socket;
      state.socket = null;
      state.confirmed = false;
      socket.removeAllListeners();
      socket.disconnect();
    }
    connect();
    ui.input.focus();
  }

  // ---- start --------------------------------------------------------------------------
  function start() {
    loadStyle();
    build();
    state.sessionId = storeGet(sessionKey());
    state.messages = loadMessages(state.sessionId);
    if (!state.messages.length) greet();
    else renderAll();
    setStatus("", "");
    loadSocketIo(function () {
      // A returning visitor is connected at once (agent replies, queued messages); a new
      // one when they open the chat.
      if (state.sessionId || state.open) connect();
      flush();
    });
  }

  window.HelpdeskWidget = {
    open: function () { openPanel(); },
    close: function () { closePanel(); },
    sessionId: function () { return state.sessionId; },
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
