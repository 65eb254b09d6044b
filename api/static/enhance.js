// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Leave empty filters out of the address, so links to filtered views stay short and readable.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("filters")) { return; }
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === "" && !field.disabled) { field.disabled = true; }
    });
    window.setTimeout(function () {
      Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
    }, 0);
  });
  // A print button on the consolidated report.
  var slot = document.getElementById("print-slot");
  if (slot) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Print or save as PDF";
    button.addEventListener("click", function () { window.print(); });
    slot.appendChild(button);
  }
}());
