// Error pages: "Go back" returns to the previous page when there is one (the link's own target,
// the start page, otherwise). A script file, as the CSP forbids script in links.
(function () {
  "use strict";
  document.querySelectorAll("a.history-back").forEach(function (link) {
    link.addEventListener("click", function (e) {
      if (window.history.length > 1) {
        e.preventDefault();
        window.history.back();
      }
    });
  });
})();
