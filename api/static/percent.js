// The report form's percent complete, suggested again as indicators are typed: the mean of
// each target's way from baseline to target (domain/progress.py suggests it the same way
// when the page is made). Only until the person edits the percent; the page works without it.
(function () {
  "use strict";
  var form = document.getElementById("report");
  var percent = document.getElementById("percent_complete");
  if (!form || !percent) { return; }
  var comma = form.dataset.lang === "fr" || form.dataset.lang === "es";
  var edited = false;
  percent.addEventListener("input", function () { edited = true; });
  // A number as domain/written.py reads it in the form's language; null when it is none.
  function read(text) {
    text = text.trim().replace(/[\s\u00a0\u202f\u2009]/g, "");
    if (comma) {
      if (text.indexOf(",") >= 0) { text = text.replace(/\./g, "").replace(",", "."); }
      else if (/^\d{1,3}(\.\d{3})+$/.test(text)) { text = text.replace(/\./g, ""); }
    } else {
      text = text.replace(/,/g, "");
    }
    var n = Number(text);
    return text === "" || !isFinite(n) ? null : n;
  }
  function update() {
    var total = 0, known = 0, any = false;
    Array.prototype.forEach.call(form.querySelectorAll("input.indicator"), function (input) {
      var base = Number(input.dataset.baseline), target = Number(input.dataset.target);
      if (target === base) { return; }
      var value = read(input.value);
      if (value === null && input.dataset.latest !== "") { value = Number(input.dataset.latest); }
      if (value !== null) { any = true; }
      var share = value === null ? 0 : (value - base) / (target - base) * 100;
      total += Math.max(0, Math.min(100, share));
      known += 1;
    });
    if (any && known && !edited) { percent.value = Math.round(total / known); }
  }
  form.addEventListener("input", function (event) {
    if (event.target.classList && event.target.classList.contains("indicator")) { update(); }
  });
}());
