/* Question form: show only the parts that apply to the chosen type (everything stays in the page without JS). */
(function () {
  "use strict";
  var type = document.getElementById("id_type");
  if (!type) {
    return;
  }
  var parts = document.querySelectorAll("fieldset[data-types]");
  function update() {
    parts.forEach(function (part) {
      var applies = part.dataset.types.split(" ").indexOf(type.value) !== -1;
      part.hidden = !applies;
    });
  }
  type.addEventListener("change", update);
  update();
})();
