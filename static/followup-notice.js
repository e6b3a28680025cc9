// A live session's answer page: follows the session's event stream and, when the interviewer
// pushes a follow-up, says so above the answer box. It never reloads or touches the form, so the
// draft being typed and its autosave (answer.js) go on; the follow-up is the next question the
// server hands out after this answer is submitted.
(function () {
  "use strict";
  var notice = document.getElementById("followup-notice");
  if (!notice || !window.EventSource) return;
  var own = notice.getAttribute("data-number");
  var shown = "";

  function show(waiting) {
    var others = (waiting || []).filter(function (n) { return n !== own; });
    var key = others.join(" ");
    if (key === shown) return;
    shown = key;
    notice.textContent = "";
    if (others.length === 0) return;
    var p = document.createElement("p");
    p.className = "flash flash-info";
    var strong = document.createElement("strong");
    strong.textContent = others.length === 1
      ? "Follow-up question " + others[0] + " is waiting."
      : "Follow-up questions " + others.join(", ") + " are waiting.";
    p.appendChild(strong);
    p.appendChild(document.createTextNode(
      " It comes next, after you submit this answer. Your draft here is kept."));
    notice.appendChild(p);
  }

  var source = new EventSource(notice.getAttribute("data-events-url"));
  source.addEventListener("state", function (e) {
    var s;
    try { s = JSON.parse(e.data); } catch (err) { return; }
    if (s) show(s.followups_waiting);
  });
})();
