// Shared by the web app's pages: the JSON API with the bearer token (kept in
// sessionStorage, sent only in the Authorization header) and small DOM helpers.
// Each page defines showLogin(), called when the API answers 401.
"use strict";
const $ = (id) => document.getElementById(id);
let token = sessionStorage.getItem("helpdesk-token");

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign({"Content-Type": "application/json"},
                           token ? {"Authorization": "Bearer " + token} : {}),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401 && path !== "/api/login") { showLogin(); }
  if (!response.ok) { throw new Error(data.error || response.statusText); }
  return data;
}

function el(tag, text, attrs) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  Object.assign(node, attrs || {});
  return node;
}

// The login form and logout button (the same ids on every page): `start` runs after a
// successful login, the page's showLogin() after logging out.
function wireLogin(start) {
  $("login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("login-error").textContent = "";
    try {
      const session = await api("POST", "/api/login", {username: $("username").value, password: $("password").value});
      token = session.token; sessionStorage.setItem("helpdesk-token", token);
      $("password").value = "";
      await start();
    } catch (err) { $("login-error").textContent = err.message; }
  });
  $("logout").addEventListener("click", async () => {
    try { await api("POST", "/api/logout"); } finally { showLogin(); }
  });
}
