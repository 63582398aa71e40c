// The demo shop's own script (loaded before the chat widget's script tag).
// A site whose customer is signed in gives the widget a signed customer token; the demo
// takes it from the address (?customer_token=...) so tests and demos can play a signed-in
// customer.
"use strict";
(function () {
  var token = new URLSearchParams(location.search).get("customer_token");
  if (token) {
    window.HelpdeskWidgetConfig = Object.assign({}, window.HelpdeskWidgetConfig,
                                                {customerToken: token});
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (token) document.getElementById("signed-in").hidden = false;
    var count = 0;
    document.querySelectorAll("button.add").forEach(function (button) {
      button.addEventListener("click", function () {
        count += 1;
        document.getElementById("cart-count").textContent = String(count);
        button.textContent = "Added ✓";
        setTimeout(function () { button.textContent = "Add to cart"; }, 1500);
      });
    });
  });
})();
