(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) { return; }
  var entries = Array.prototype.slice.call(document.querySelectorAll("article.entry"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.group, section.month"));
  var output = document.getElementById("shown");
  var marks = {};
  Array.prototype.forEach.call(document.querySelectorAll("[data-entry]"), function (mark) {
    var key = mark.getAttribute("data-entry");
    (marks[key] = marks[key] || []).push(mark);
  });
  function has(list, token) {
    return !token || (" " + (list || "") + " ").indexOf(" " + token + " ") !== -1;
  }
  function apply() {
    var place = form.elements.place.value;
    var actor = form.elements.actor.value;
    var kind = form.elements.kind.value;
    var shown = 0;
    entries.forEach(function (entry) {
      var visible = has(entry.getAttribute("data-places"), place) &&
        has(entry.getAttribute("data-actors"), actor) &&
        (!kind || entry.getAttribute("data-kind") === kind);
      entry.hidden = !visible;
      if (visible) { shown += 1; }
      (marks[entry.id] || []).forEach(function (mark) {
        mark.classList.toggle("filtered-out", !visible);
      });
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("article.entry:not([hidden])");
    });
    output.textContent = output.getAttribute("data-template")
      .replace("{shown}", String(shown)).replace("{total}", String(entries.length));
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  document.getElementById("show-all").addEventListener("click", function () {
    form.reset();
    apply();
  });
  form.hidden = false;
  apply();
}());
