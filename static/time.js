// Times in the viewer's own zone and locale. Pages write <time datetime="...Z" data-local="...">
// with the UTC time as its text (what a reader without JavaScript sees); this rewrites the text
// in the browser's locale and time zone and keeps the UTC time as the tooltip.
(function () {
  "use strict";
  var styles = {
    date: { dateStyle: "medium" },
    datetime: { dateStyle: "medium", timeStyle: "short" },
    time: { timeStyle: "medium" }
  };
  function localise(root) {
    var els = (root || document).querySelectorAll("time[data-local]");
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var at = new Date(el.getAttribute("datetime"));
      var style = styles[el.getAttribute("data-local")];
      if (isNaN(at.getTime()) || !style) continue;
      if (!el.title) el.title = el.textContent;
      el.textContent = at.toLocaleString(undefined, style);
      el.setAttribute("data-localised", "");
    }
  }
  window.whetstoneLocalTimes = localise;
  localise(document);
})();
