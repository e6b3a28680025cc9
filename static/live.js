// The interviewer's live view: applies each `state` event of the server-sent event stream to
// the page (reloading it when the session changes phase or gains a question); falls back to
// polling the JSON state when EventSource is unavailable.
(function () {
  "use strict";
  var root = document.getElementById("live");
  if (!root) return;
  var conn = document.getElementById("live-connection");

  function setText(el, text) { if (el && el.textContent !== text) el.textContent = text; }

  // Private notes being typed survive the reloads below: each keystroke is kept in
  // sessionStorage until the note is saved, and put back into its box after a reload.
  var noteKey = function (box) { return "whetstone-note:" + location.pathname + ":" + box.id; };
  Array.prototype.forEach.call(root.querySelectorAll(".note-form textarea"), function (box) {
    var kept = window.sessionStorage && sessionStorage.getItem(noteKey(box));
    if (kept !== null && kept !== undefined && kept !== box.value) box.value = kept;
    box.addEventListener("input", function () {
      if (window.sessionStorage) sessionStorage.setItem(noteKey(box), box.value);
    });
    box.form.addEventListener("submit", function () {
      if (window.sessionStorage) sessionStorage.removeItem(noteKey(box));
    });
  });

  // Questions folded or unfolded by hand stay so across the reloads below (sessionStorage);
  // otherwise the server unfolds the current question and the last one answered.
  var foldKey = "whetstone-folds:" + location.pathname;
  var folds = {};
  try { folds = JSON.parse((window.sessionStorage && sessionStorage.getItem(foldKey)) || "{}") || {}; }
  catch (e) { folds = {}; }
  Array.prototype.forEach.call(root.querySelectorAll("li[data-position] > details.live-q"), function (d) {
    var pos = d.parentNode.getAttribute("data-position");
    if (Object.prototype.hasOwnProperty.call(folds, pos)) d.open = folds[pos];
    d.addEventListener("toggle", function () {
      folds[pos] = d.open;
      if (window.sessionStorage) sessionStorage.setItem(foldKey, JSON.stringify(folds));
    });
  });

  // The running question's countdown ticks here every second between server updates; each
  // update (an extension, say) resets its deadline.
  var deadlines = {};
  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s + " left";
  }
  function tick() {
    Array.prototype.forEach.call(root.querySelectorAll("li[data-position]"), function (li) {
      var at = deadlines[li.getAttribute("data-position")];
      var el = li.querySelector(".q-time");
      if (!el) return;
      if (at == null) { setText(el, ""); return; }
      setText(el, clock(Math.max(0, Math.round((at - Date.now()) / 1000))));
    });
  }
  Array.prototype.forEach.call(root.querySelectorAll("li[data-position] .q-time[data-seconds-left]"),
    function (el) {
      var pos = el.closest("li[data-position]").getAttribute("data-position");
      deadlines[pos] = Date.now() + 1000 * Number(el.getAttribute("data-seconds-left"));
    });
  tick();
  setInterval(tick, 1000);

  var renderedState = root.getAttribute("data-state");
  var renderedCount = Number(root.getAttribute("data-questions"));
  var renderedReleased = root.getAttribute("data-released") === "true";

  function apply(state) {
    // A new phase, a new question or a release changes which controls the page offers: load it afresh
    // (only then; notes being typed are kept in sessionStorage across the reload).
    if (state.state !== renderedState || (state.questions || []).length !== renderedCount ||
        Boolean(state.results_released) !== renderedReleased) {
      window.location.reload();
      return;
    }
    setText(document.getElementById("live-state"), state.state);
    setText(document.getElementById("live-candidate"),
      state.candidate ? state.candidate.display_name : "not joined yet");
    setText(document.getElementById("live-released"),
      state.results_released ? "released to the candidate" : "not released");
    setText(document.getElementById("live-candidate-account"),
      state.candidate && state.candidate.signed_in ? "(signed in: answers saved to their account)" : "");
    (state.questions || []).forEach(function (q) {
      var li = root.querySelector('li[data-position="' + q.position + '"]');
      if (!li) return;
      setText(li.querySelector(".q-status"), q.status);
      if (q.seconds_left != null) deadlines[q.position] = Date.now() + 1000 * q.seconds_left;
      else delete deadlines[q.position];
      setText(li.querySelector(".q-draft"), q.draft || "");
      // A new answer brings its judgment and highlights: load the page afresh (server-rendered,
      // escaped HTML) once, when the status changes to submitted or timed out.
      var box = li.querySelector(".q-answer");
      if (q.answer_html && box && !box.textContent.trim()) window.location.reload();
    });
    tick();
    root.setAttribute("data-updated", state.read_at);
  }

  function poll() {
    fetch(root.getAttribute("data-poll-url"), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (s) { if (s) { apply(s); setText(conn, "polling"); } })
      .catch(function () { setText(conn, "offline, retrying"); })
      .finally(function () { setTimeout(poll, 2000); });
  }

  if (!window.EventSource) { poll(); return; }
  var source = new EventSource(root.getAttribute("data-events-url"));
  source.addEventListener("state", function (e) {
    setText(conn, "live");
    apply(JSON.parse(e.data));
  });
  source.onerror = function () { setText(conn, "reconnecting…"); };
})();
