// The description's length, counted as it is typed (the server checks it again).
(function () {
  "use strict";
  var area = document.getElementById("description");
  var out = document.getElementById("description-count");
  if (!area || !out || !area.dataset.min) { return; }
  var min = parseInt(area.dataset.min, 10);
  var max = parseInt(area.dataset.max, 10);
  function update() {
    var n = area.value.trim().length;
    var text = n + " characters";
    if (n < min) { text += ": " + (min - n) + " more needed (" + min + " to " + max + ")."; }
    else if (n > max) { text += ": " + (n - max) + " too many (" + min + " to " + max + ")."; }
    else { text += ": within " + min + " to " + max + "."; }
    out.textContent = text;
    out.className = "counter " + (n < min || n > max ? "counter-bad" : "counter-ok");
  }
  area.addEventListener("input", update);
  update();
}());
