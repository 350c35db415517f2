// tallyroom serve: keeps a results page up to date without a full reload. Every ten
// seconds it asks for the page again; where its content changed, the new content takes
// the place of the old and a line says when. The page reads the same without it.
(function () {
  "use strict";
  var main = document.querySelector("main");
  if (!main || !window.fetch || !window.DOMParser) return;
  var note = document.createElement("p");
  note.setAttribute("role", "status");
  note.className = "live-note";
  main.parentNode.insertBefore(note, main);
  var last = main.innerHTML;
  function look() {
    fetch(location.href, { cache: "no-store" })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (text) {
        if (!text) return;
        var fresh = new DOMParser().parseFromString(text, "text/html").querySelector("main");
        if (!fresh || fresh.innerHTML === last) return;
        last = fresh.innerHTML;
        main.innerHTML = last;
        var now = new Date();
        note.textContent = "Updated at " + now.toLocaleTimeString("en-GB");
      })
      .catch(function () {});
  }
  setInterval(look, 10000);
})();
