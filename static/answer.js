// The answer page: a countdown (the server's deadline decides; this only shows it) and an
// autosave of the draft every few seconds and when the page is hidden or left, so a reload, a
// crash or a closed tab loses nothing. Each save carries the CSRF token. It also asks before
// cutting a paste that does not fit and before submitting an empty or very short answer, and
// makes the page usable again when the browser brings it back from its cache (Back after an
// error page). Without this script the form still submits.
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
  // The clock itself is a silent timer; screen readers hear only these milestones.
  var announce = document.getElementById("countdown-announce");
  var MILESTONES = [300, 60];
  var SAVE_EVERY_MS = 3000;
  var SYNC_EVERY_MS = 10000;
  // Fewer words than this and Submit asks first: such an answer cannot cover a rubric.
  var SHORT_ANSWER_WORDS = 15;
  // The box's limit, counted like its maxlength (UTF-16 units; the server counts characters, so
  // this is never looser than the server).
  var maxChars = box.maxLength > 0 ? box.maxLength : 20000;

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

  function submitButton() { return form.querySelector("button[type=submit]"); }

  function countChars() {
    if (counter) counter.textContent = String(Array.from(box.value).length);
  }

  function words(text) {
    var w = text.trim().split(/\s+/);
    return w.length === 1 && w[0] === "" ? 0 : w.length;
  }

  function timeUp() {
    over = true;
    box.readOnly = true;
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    if (countdown) countdown.classList.add("countdown-over");
    say("Time is up: your last saved draft is being graded.");
    if (announce) announce.textContent = "Time is up.";
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

  box.addEventListener("input", countChars);

  // A paste that does not fit is never cut silently: say how much fits and ask first.
  box.addEventListener("paste", function (ev) {
    var text = ev.clipboardData ? ev.clipboardData.getData("text/plain") : null;
    if (typeof text !== "string" || box.readOnly) return;
    var start = box.selectionStart, end = box.selectionEnd;
    var room = maxChars - (box.value.length - (end - start));
    if (text.length <= room) return; // fits: the browser pastes it
    ev.preventDefault();
    if (room <= 0) {
      window.alert("The answer is already at the limit of " + maxChars + " characters: " +
        "nothing was pasted. Shorten it first.");
      say("Nothing pasted: the answer is at the limit of " + maxChars + " characters.");
      return;
    }
    var ok = window.confirm("The text you are pasting has " + text.length + " characters but " +
      "only " + room + " more fit (an answer holds at most " + maxChars + "). Paste the first " +
      room + " characters and leave out the rest?");
    if (!ok) {
      say("Nothing pasted: the text was longer than the " + room + " characters that fit.");
      return;
    }
    var cut = text.slice(0, room);
    // never leave half of a surrogate pair at the end
    var last = cut.charCodeAt(cut.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
    box.setRangeText(cut, start, end, "end");
    countChars();
    say("Pasted the first " + cut.length + " of " + text.length + " characters: the rest did " +
      "not fit.");
  });
  setInterval(function () { save(false); }, SAVE_EVERY_MS);
  // Every few saves, ask even when nothing changed, to learn of an extended deadline.
  setInterval(function () { save(true); }, SYNC_EVERY_MS);
  window.addEventListener("pagehide", beacon);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") beacon();
  });
  form.addEventListener("submit", function (ev) {
    var n = words(box.value);
    if (!over && n < SHORT_ANSWER_WORDS) {
      var question = n === 0
        ? "Your answer is empty. Submit it anyway? It is graded as it is and cannot be changed afterwards."
        : "Your answer has only " + n + " word" + (n === 1 ? "" : "s") + ". Submit it anyway? " +
          "It is graded as it is and cannot be changed afterwards.";
      if (!window.confirm(question)) {
        ev.preventDefault();
        box.focus();
        return;
      }
    }
    submitting = true;
    var button = submitButton();
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
      if (announce && left > 0 && MILESTONES.indexOf(left) >= 0) {
        announce.textContent = (left >= 120 ? left / 60 + " minutes" : left / 60 + " minute") + " left.";
      }
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

  // Back to this page from the next one (an error page after submitting, say): the browser may
  // restore it exactly as it was left, mid-submit, with Submit disabled, autosave paused and an
  // old "Draft saved". Make it usable again and check the draft with the server at once.
  window.addEventListener("pageshow", function (ev) {
    if (!ev.persisted) return;
    submitting = false;
    inFlight = false;
    lastSaved = null;
    var button = submitButton();
    if (button && !over) button.disabled = false;
    countChars();
    say("Back on this page: saving your draft again…");
    save(true);
  });
})();
