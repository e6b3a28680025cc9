// The answer page: a countdown (the server's deadline decides; this only shows it) and an
// autosave of the draft every few seconds and when the page is hidden or left, so a reload, a
// crash or a closed tab loses nothing. Each save carries the CSRF token. Without this script the
// form still submits.
(function () {
  "use strict";
  var form = document.getElementById("answer-form");
  if (!form) return;
  var box = form.querySelector("textarea");
  var csrf = form.querySelector("input[name=csrf_token]").value;
  var draftUrl = form.getAttribute("data-draft-url");
  var feedbackUrl = form.getAttribute("data-feedback-url");
  var status = document.getElementById("save-status");
  var counter = document.getElementById("char-count");
  var clock = document.getElementById("countdown-clock");
  var countdown = document.getElementById("countdown");
  var SAVE_EVERY_MS = 3000;
  var SYNC_EVERY_MS = 10000;

  var lastSaved = box.value;
  var inFlight = false;
  var submitting = false;
  var over = false;

  function payload(text) {
    var p = new URLSearchParams();
    p.set("csrf_token", csrf);
    p.set("body", text);
    return p;
  }

  function say(text) { if (status) status.textContent = text; }

  function timeUp() {
    over = true;
    box.readOnly = true;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    if (countdown) countdown.classList.add("countdown-over");
    say("Time is up: your last saved draft is being graded.");
    setTimeout(function () { window.location.href = feedbackUrl; }, 2500);
  }

  // The server's word on time left, from each save: an interviewer may have extended it.
  var onSecondsLeft = function () {};

  function save(force) {
    if (over || submitting || inFlight || (!force && box.value === lastSaved)) return;
    var text = box.value;
    inFlight = true;
    say("Saving…");
    fetch(draftUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, "Content-Type": "application/x-www-form-urlencoded" },
      body: payload(text)
    }).then(function (r) {
      if (r.ok) {
        lastSaved = text;
        say("Draft saved at " + new Date().toLocaleTimeString());
        return r.json().then(function (saved) {
          if (saved && typeof saved.seconds_left === "number") onSecondsLeft(saved.seconds_left);
        }, function () {});
      } else if (r.status === 409) {
        timeUp();
      } else if (r.status === 413) {
        say("Too long to save: shorten the answer.");
      } else if (r.status === 503) {
        // lastSaved is unchanged, so the next tick saves this text again
        say("The database is unavailable: your draft is safe in this page; retrying.");
      } else {
        say("Could not save the draft (" + r.status + "); retrying.");
      }
    }).catch(function () {
      say("Offline: the draft will be saved when the connection is back.");
    }).then(function () { inFlight = false; });
  }

  function beacon() {
    if (over || submitting || box.value === lastSaved) return;
    if (navigator.sendBeacon && navigator.sendBeacon(draftUrl, payload(box.value))) {
      lastSaved = box.value;
    }
  }

  box.addEventListener("input", function () {
    if (counter) counter.textContent = String(Array.from(box.value).length);
  });
  setInterval(function () { save(false); }, SAVE_EVERY_MS);
  // Every few saves, ask even when nothing changed, to learn of an extended deadline.
  setInterval(function () { save(true); }, SYNC_EVERY_MS);
  window.addEventListener("pagehide", beacon);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") beacon();
  });
  form.addEventListener("submit", function () {
    submitting = true;
    var button = form.querySelector("button[type=submit]");
    // Disable after the submit event has been dispatched so the form still posts once.
    if (button) setTimeout(function () { button.disabled = true; }, 0);
  });

  // The countdown: seconds left as the server computed them, counted down on this clock.
  if (countdown && clock) {
    var secondsLeft = parseInt(countdown.getAttribute("data-seconds-left"), 10) || 0;
    var endsAt = Date.now() + secondsLeft * 1000;
    var timer = null;
    var tick = function () {
      timer = null;
      var rem = endsAt - Date.now();
      var left = Math.max(0, Math.ceil(rem / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
      countdown.classList.toggle("countdown-low", left <= 60);
      if (left === 0) {
        // Ask the server before giving up: a 409 means time is up, a saved draft with seconds
        // left means the deadline was extended and the countdown goes on.
        if (!over) save(true);
        return;
      }
      // Wake up when the next whole second is reached.
      timer = setTimeout(tick, (rem % 1000) || 1000);
    };
    onSecondsLeft = function (left) {
      if (over) return;
      endsAt = Date.now() + left * 1000;
      if (left <= 0) { timeUp(); return; }
      if (timer === null) tick();
    };
    if (secondsLeft > 0) tick();
  }
})();
