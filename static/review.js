// The review page's countdown: the minutes a review is meant to take, ticking down from what the
// server says is left. When it reaches zero the page says so; an answer sent later is still
// graded (only an answer within the first third of the time can count as easy, and the server
// measures that). Without this script the form still submits.
(function () {
  "use strict";
  var countdown = document.getElementById("countdown");
  var clock = document.getElementById("countdown-clock");
  var announce = document.getElementById("countdown-announce");
  if (!countdown || !clock) return;
  var left = parseInt(countdown.getAttribute("data-seconds-left"), 10);
  if (isNaN(left)) return;
  var ends = Date.now() + left * 1000;

  function show(seconds) {
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    clock.textContent = m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var seconds = Math.max(0, Math.round((ends - Date.now()) / 1000));
    show(seconds);
    if (seconds === 60 && announce) announce.textContent = "One minute left.";
    if (seconds === 0) {
      countdown.classList.add("countdown-over");
      if (announce) announce.textContent = "Time is up: submit what you have.";
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();
})();
