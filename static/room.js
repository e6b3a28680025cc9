// The candidate's waiting room: reloads when the interviewer starts or ends the session or
// pushes a follow-up question.
(function () {
  "use strict";
  var room = document.querySelector(".waiting-room");
  if (!room) return;
  var url = room.getAttribute("data-status-url");
  var shown = room.getAttribute("data-state");
  var count = Number(room.getAttribute("data-questions"));
  function check() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) {
        if (s && (s.state !== shown || s.questions !== count)) { window.location.reload(); return; }
        setTimeout(check, 2000);
      })
      .catch(function () { setTimeout(check, 4000); });
  }
  setTimeout(check, 2000);
})();
