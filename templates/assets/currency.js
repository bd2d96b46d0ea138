// TAO / USD choice for tables and scorecards. Without this script both figures show side by side;
// with it the reader picks one, remembered in localStorage. No inline script: the CSP allows only this file.
(function () {
  "use strict";
  var KEY = "subnet-report.currency";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "usd" ? "usd" : "tao"; } catch (e) { return "tao"; }
  }

  function choose(currency) {
    root.setAttribute("data-currency", currency);
    try { window.localStorage.setItem(KEY, currency); } catch (e) { /* storage off: the choice lasts this page */ }
    var buttons = document.querySelectorAll("button[data-currency]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-currency") === currency));
    }
  }

  function addSwitch(place) {
    var group = document.createElement("span");
    group.className = "currency-switch";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Show amounts in");
    ["tao", "usd"].forEach(function (currency) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-currency", currency);
      button.textContent = currency.toUpperCase();
      button.addEventListener("click", function () { choose(currency); });
      group.appendChild(button);
    });
    place.insertBefore(group, place.firstChild);
  }

  function start() {
    var places = document.querySelectorAll("[data-currency-choice]");
    if (!places.length) { return; }
    for (var i = 0; i < places.length; i++) { addSwitch(places[i]); }
    choose(stored());
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
