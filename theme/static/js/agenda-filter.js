/* Agenda filter: a progressive enhancement of /agenda/ (the page is complete without it).
 * - shows the filter form (hidden in the HTML) and filters the dates by cycle, audience, venue and
 *   accessibility, using the data-* attributes the build wrote on each date;
 * - hides the dates that ended since the last build (data-end: ISO 8601 with offset), so a visitor at
 *   23:00 is not offered tonight's finished lecture;
 * - quick dates (« Aujourd'hui », « Ce week-end », « Cette semaine », « Ce mois-ci ») worked out from the
 *   visitor's own date in Europe/Paris, whatever the device's time zone: a date is kept when its days
 *   (data-first-day, data-last-day: Paris calendar days) meet the period, so an exhibition running through it
 *   counts. The week runs Monday to Sunday; the weekend is this week's Saturday and Sunday (on a Sunday: today).
 *   Without JavaScript, the links to this month's and next month's programmes stand in for them;
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
  var periods = form ? Array.prototype.slice.call(form.querySelectorAll("input[name='period']")) : [];
  var fallback = document.querySelector("[data-agenda-fallback]");
  var DAY = 86400000;

  // Today in Paris, as a UTC midnight (so that adding days never meets a change of clocks).
  function parisToday(now) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date(now)).forEach(function (part) { parts[part.type] = part.value; });
    return Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day));
  }

  function isoDay(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  // The first and last days (ISO, inclusive) of a quick date, or null for « Toutes les dates ».
  function range(period, now) {
    var today = parisToday(now);
    var weekday = (new Date(today).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
    var first;
    var last;
    if (period === "today") {
      first = last = today;
    } else if (period === "weekend") {
      first = weekday === 6 ? today : today + (5 - weekday) * DAY;
      last = today + (6 - weekday) * DAY;
    } else if (period === "week") {
      first = today - weekday * DAY;
      last = today + (6 - weekday) * DAY;
    } else if (period === "month") {
      var day = new Date(today);
      first = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1);
      last = Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1) - DAY;
    } else {
      return null;
    }
    return [isoDay(first), isoDay(last)];
  }

  function chosenPeriod() {
    var checked = periods.filter(function (input) { return input.checked; })[0];
    return checked ? checked.value : "";
  }

  function inRange(entry, days) {
    return !days || (entry.getAttribute("data-first-day") <= days[1] && entry.getAttribute("data-last-day") >= days[0]);
  }

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
    var days = range(chosenPeriod(), now);
    var shown = 0;
    entries.forEach(function (entry) {
      var visible = !isOver(entry, now) && matches(entry) && inRange(entry, days);
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
    if (fallback) {
      fallback.hidden = true;
    }
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
