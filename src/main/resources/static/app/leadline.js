// Leadline dashboard: small progressive enhancements. Every page works without this script.
(function () {
  "use strict";

  // Copy buttons: <button data-copy="#id"> copies the text (or value) of the element.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source) return;
    var text = source.value !== undefined && source.tagName !== "CODE" && source.tagName !== "PRE" ? source.value : source.textContent;
    var done = function () {
      var label = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = label; }, 1500);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done);
    } else {
      var area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      document.body.removeChild(area);
      done();
    }
  });

  // The leads list's bulk actions: what is missing is said here, before the page reloads and the
  // selection is lost (the server says it too, for pages without this script).
  document.addEventListener("submit", function (event) {
    if (event.target.id !== "bulk" || !event.submitter) return;
    var action = event.submitter.value;
    var problem = null;
    if (document.querySelectorAll("input[name=ids]:checked").length === 0) problem = "Select at least one lead first.";
    else if (action === "status" && !document.getElementById("bulk-status").value) problem = "Choose a status to set.";
    else if (action === "assign" && document.getElementById("bulk-assignee").value === "-") {
      problem = "Choose whom to assign them to.";
    }
    else if ((action === "add-tag" || action === "remove-tag") && !document.getElementById("bulk-tag").value) {
      problem = "Choose a tag first.";
    }
    if (problem) {
      event.preventDefault();
      event.stopImmediatePropagation();
      var counter = document.querySelector("[data-selected-count]");
      if (counter) counter.textContent = problem;
    }
  }, true);

  // Forms or buttons with data-confirm ask before submitting, and say they asked (confirmed=yes);
  // without this script the server asks on a page of its own instead (dashboard.Confirmation).
  document.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || event.target.getAttribute("data-confirm");
    if (!message) return;
    if (!window.confirm(message)) {
      event.preventDefault();
      return;
    }
    if (!event.target.querySelector("input[name=confirmed]")) {
      var confirmed = document.createElement("input");
      confirmed.type = "hidden";
      confirmed.name = "confirmed";
      confirmed.value = "yes";
      event.target.appendChild(confirmed);
    }
  });

  // "Select all" checkbox for the leads table, and the count of selected leads next to the actions.
  function countSelected() {
    var counter = document.querySelector("[data-selected-count]");
    if (!counter) return;
    var n = document.querySelectorAll("input[name=ids]:checked").length;
    counter.textContent = n === 0 ? "" : n === 1 ? "1 selected" : n + " selected";
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-select-all]")) {
      document.querySelectorAll("input[name=ids]").forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.matches("[data-select-all], input[name=ids]")) countSelected();
  });
  countSelected();

  // Fields a form came back with errors for: marked invalid and described by their error for screen
  // readers, and the first one focused, so a person hears what to fix without hunting for it.
  var firstInvalid = null;
  document.querySelectorAll(".field.invalid").forEach(function (field, i) {
    var control = field.querySelector("input, select, textarea");
    if (!control) return;
    control.setAttribute("aria-invalid", "true");
    var error = field.querySelector(".error-text");
    if (error) {
      if (!error.id) error.id = (control.id || "field-" + i) + "-error";
      var described = control.getAttribute("aria-describedby");
      control.setAttribute("aria-describedby", described ? error.id + " " + described : error.id);
    }
    if (!firstInvalid) firstInvalid = control;
  });
  if (firstInvalid) firstInvalid.focus();

  // Times in the reader's time zone: the server writes <time data-local data-ms> in UTC and labels
  // them with <span data-zone>UTC</span> (templates/app/time.html); both are rewritten here, the
  // UTC time kept as the title. Without this script the page stays in UTC, labelled so.
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  // The zone's name (Europe/Berlin), not today's abbreviation (CEST): one label fits every time of
  // the page, summer and winter ones alike.
  function zoneName() {
    try {
      var name = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return !name || name === "Etc/UTC" ? "UTC" : name;
    } catch (e) {
      return null;
    }
  }
  var zone = zoneName();
  function localTimes(root) {
    if (!zone) return;
    root.querySelectorAll("time[data-local][data-ms]").forEach(function (el) {
      var d = new Date(parseInt(el.getAttribute("data-ms"), 10));
      if (isNaN(d.getTime())) return;
      var date = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
      var hm = pad(d.getHours()) + ":" + pad(d.getMinutes());
      var kind = el.getAttribute("data-local");
      el.title = d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " "
        + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes())
        + (kind === "second" ? ":" + pad(d.getUTCSeconds()) : "") + " UTC";
      el.textContent = kind === "date" ? date : kind === "time" ? hm
        : kind === "second" ? date + " " + hm + ":" + pad(d.getSeconds()) : date + " " + hm;
    });
    root.querySelectorAll("[data-zone]").forEach(function (el) { el.textContent = zone; });
  }
  localTimes(document);

  // Regions with data-refresh="url" reload their content every data-every seconds (and that of the
  // elements whose ids data-refresh-also lists, from the same answer).
  document.querySelectorAll("[data-refresh]").forEach(function (region) {
    var every = parseInt(region.getAttribute("data-every") || "10", 10) * 1000;
    var timer = setInterval(function () {
      if (document.hidden) return;
      // X-Requested-With: the sign-in page must not remember this fragment as the page to return to.
      fetch(region.getAttribute("data-refresh"), {
        headers: { "Accept": "text/html", "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin"
      })
        .then(function (r) {
          if (r.status === 401 || r.status === 403 || r.redirected) {
            clearInterval(timer); // signed out: stop asking until the page is loaded again
            return null;
          }
          return r.ok ? r.text() : null;
        })
        .then(function (html) {
          if (html === null) return;
          var doc = new DOMParser().parseFromString(html, "text/html");
          // The region, and the elements named in data-refresh-also that the answer carries too.
          var ids = [region.id].concat((region.getAttribute("data-refresh-also") || "").split(" "));
          ids.forEach(function (id) {
            var fresh = id && doc.getElementById(id);
            var here = id && document.getElementById(id);
            if (!fresh || !here) return;
            here.innerHTML = fresh.innerHTML;
            localTimes(here);
          });
        })
        .catch(function () {});
    }, every);
  });
})();
