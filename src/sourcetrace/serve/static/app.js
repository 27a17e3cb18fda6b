// sourcetrace UI: show a statement's card when one of its highlights is chosen.
// Article text is never turned into markup here: only textContent is written.
"use strict";
(function () {
  document.documentElement.classList.add("js");

  function show(att) {
    var card = document.getElementById("att-" + att);
    if (!card) return;
    document.querySelectorAll(".card.active").forEach(function (el) {
      el.classList.remove("active");
    });
    document.querySelectorAll(".hl.current").forEach(function (el) {
      el.classList.remove("current");
      el.removeAttribute("aria-current");
    });
    card.classList.add("active");
    document.querySelectorAll('.hl[data-att="' + att + '"]').forEach(function (el) {
      el.classList.add("current");
      el.setAttribute("aria-current", "true");
    });
    if (window.history && history.replaceState) history.replaceState(null, "", "#att-" + att);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.hl[data-att], a.to-card[data-att]");
    if (!link) return;
    event.preventDefault();
    show(link.getAttribute("data-att"));
  });

  // Links answer Enter by themselves; Space should choose a highlight too.
  document.addEventListener("keydown", function (event) {
    var link = event.target.closest && event.target.closest("a.hl[data-att]");
    if (link && (event.key === " " || event.key === "Spacebar")) {
      event.preventDefault();
      show(link.getAttribute("data-att"));
    }
  });

  var match = /^#att-(\d+)$/.exec(window.location.hash);
  if (match) show(match[1]);
})();
