/* Lists of checkboxes (a fiche's pilots, partners, linked fiches…) get a filter field:
   typing hides the entries whose label does not contain the words typed, accents and
   case aside; ticked entries always stay shown. Without JavaScript the list works as
   is: a plain list of checkboxes, no modifier key needed. A static file: the
   Content-Security-Policy refuses inline scripts. */
(function () {
  "use strict";
  var MIN_ENTRIES = 6;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setUp(fieldset, index) {
    var entries = Array.prototype.slice.call(fieldset.querySelectorAll(".ti-checklist__items > .fr-fieldset__element"));
    if (entries.length < MIN_ENTRIES) {
      return;
    }
    var legend = fieldset.querySelector("legend");
    var id = (fieldset.id || "checklist-" + index) + "-filter";
    var group = document.createElement("div");
    group.className = "fr-input-group fr-fieldset__element ti-checklist__filter";
    var label = document.createElement("label");
    label.className = "fr-label";
    label.htmlFor = id;
    label.textContent = "Filtrer : " + (legend ? legend.firstChild.textContent.trim() : "la liste");
    var input = document.createElement("input");
    input.className = "fr-input";
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "fr-hint-text fr-mt-1v";
    status.setAttribute("aria-live", "polite");
    group.appendChild(label);
    group.appendChild(input);
    group.appendChild(status);
    fieldset.insertBefore(group, fieldset.querySelector(".ti-checklist__items"));

    input.addEventListener("input", function () {
      var words = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry) {
        var box = entry.querySelector("input");
        var text = fold(entry.textContent);
        var match = words.every(function (word) { return text.indexOf(word) !== -1; });
        var visible = match || (box && box.checked);
        entry.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      status.textContent = words.length ? shown + " sur " + entries.length + " affichés" : "";
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("[data-filterable]"), setUp);
})();
