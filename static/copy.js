// Copy buttons for links and codes: <button type="button" data-copy="ID"> copies the text of the
// element with that id (or its value, for an input) and says so in the button for a moment.
(function () {
  "use strict";
  // The older way, through a hidden text box (plain http, or the clipboard API refused).
  function copyByCommand(text) {
    var box = document.createElement("textarea");
    box.value = text;
    box.setAttribute("readonly", "");
    box.style.position = "fixed";
    box.style.opacity = "0";
    document.body.appendChild(box);
    box.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(box);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByCommand(text); });
    }
    return copyByCommand(text);
  }
  document.addEventListener("click", function (ev) {
    var button = ev.target.closest ? ev.target.closest("button[data-copy]") : null;
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = ("value" in source && source.value !== undefined ? source.value : source.textContent).trim();
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copyText(text).then(function () {
      button.textContent = "Copied";
    }, function () {
      button.textContent = "Select and copy it by hand";
    }).then(function () {
      setTimeout(function () { button.textContent = label; }, 2500);
    });
  });
  // Buttons are hidden until this script runs: without it there is nothing to click.
  var buttons = document.querySelectorAll("button[data-copy]");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
})();
