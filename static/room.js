// The candidate's page: reloads when the interviewer starts or ends the session, pushes a
// follow-up question, or releases (or withholds) the results. Follows the server-sent event stream; polls when EventSource is missing.
(function () {
  "use strict";
  var room = document.querySelector(".waiting-room");
  if (!room) return;
  var shown = room.getAttribute("data-state");
  var count = Number(room.getAttribute("data-questions"));
  var released = room.getAttribute("data-released") === "true";
  function changed(s) {
    return s && (s.state !== shown || s.questions !== count || Boolean(s.released) !== released);
  }

  if (window.EventSource) {
    var source = new EventSource(room.getAttribute("data-events-url"));
    source.addEventListener("state", function (e) {
      if (changed(JSON.parse(e.data))) { source.close(); window.location.reload(); }
    });
    return;
  }
  var url = room.getAttribute("data-status-url");
  function check() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (changed(s)) { window.location.reload(); return; }
        setTimeout(check, 2000);
      })
      .catch(function () { setTimeout(check, 4000); });
  }
  setTimeout(check, 2000);
})();
