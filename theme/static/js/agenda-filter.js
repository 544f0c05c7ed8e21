/* Agenda filter: a progressive enhancement of /agenda/ (the page is complete without it).
 * - shows the filter form (hidden in the HTML) and filters the dates by cycle, audience, venue and
 *   accessibility, using the data-* attributes the build wrote on each date;
 * - hides the dates that ended since the last build (data-end: ISO 8601 with offset), so a visitor at
 *   23:00 is not offered tonight's finished lecture;
 * - hides a month left empty and announces the count in a status region.
 * No inline script or style anywhere: the page stays compatible with a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  var entries = Array.prototype.slice.call(document.querySelectorAll("[data-agenda-entry]"));
  var months = Array.prototype.slice.call(document.querySelectorAll("[data-agenda-month]"));
  var form = document.querySelector("[data-agenda-filter]");
  var status = document.querySelector("[data-agenda-status]");
  var empty = document.querySelector("[data-agenda-empty]");
  var menus = form ? Array.prototype.slice.call(form.querySelectorAll("select")) : [];

  function isOver(entry, now) {
    var end = Date.parse(entry.getAttribute("data-end"));
    return !isNaN(end) && end <= now;
  }

  function matches(entry) {
    return menus.every(function (menu) {
      if (!menu.value) {
        return true;
      }
      var values = (entry.getAttribute("data-" + menu.name) || "").split(" ");
      return values.indexOf(menu.value) !== -1;
    });
  }

  function update() {
    var now = Date.now();
    var shown = 0;
    entries.forEach(function (entry) {
      var visible = !isOver(entry, now) && matches(entry);
      entry.hidden = !visible;
      if (visible) {
        shown += 1;
      }
    });
    months.forEach(function (month) {
      month.hidden = !month.querySelector("[data-agenda-entry]:not([hidden])");
    });
    if (empty) {
      empty.hidden = shown > 0 || entries.length === 0;
    }
    if (status) {
      status.textContent = shown === 0 ? "Aucun rendez-vous affiché." :
        shown === 1 ? "1 rendez-vous affiché." : shown + " rendez-vous affichés.";
    }
  }

  if (form) {
    form.hidden = false;
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
    });
    form.addEventListener("reset", function () {
      window.setTimeout(update, 0);
    });
  }
  update();
})();
