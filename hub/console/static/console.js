/* A little progressive enhancement; every page works without it. No framework, nothing fetched from elsewhere. */
(function () {
  "use strict";
  // Ask before destructive actions (rollback).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // Target names are only needed when the target is not "all terminals".
  document.querySelectorAll("fieldset.target").forEach(function (fieldset) {
    var values = fieldset.querySelector("label.values");
    function sync() {
      var checked = fieldset.querySelector("input[name=target_kind]:checked");
      if (values) { values.hidden = !checked || checked.value === "all"; }
    }
    fieldset.addEventListener("change", sync);
    sync();
  });
  // The certificate fields matter only when approving, the materials to retake only when asking for one.
  document.querySelectorAll("fieldset[data-show-when]").forEach(function (fieldset) {
    var select = fieldset.form && fieldset.form.querySelector("select[name=status]");
    function sync() {
      fieldset.hidden = !!select && select.value !== fieldset.getAttribute("data-show-when");
      fieldset.disabled = fieldset.hidden;  // a hidden choice is not sent with another status
    }
    if (select) { select.addEventListener("change", sync); }
    sync();
  });
  // Filters that apply on change.
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  // The fleet table refreshes itself in place (same page, same session; stops when the session ends).
  var table = document.querySelector("[data-refresh]");
  if (table && window.fetch && window.DOMParser) {
    var seconds = parseInt(table.getAttribute("data-refresh"), 10) || 30;
    var timer = window.setInterval(function () {
      fetch(window.location.href, { credentials: "same-origin", redirect: "manual" }).then(function (response) {
        if (!response.ok) { window.clearInterval(timer); return null; }
        return response.text();
      }).then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(table.id);
        if (fresh) { table.innerHTML = fresh.innerHTML; }
      }).catch(function () { /* offline for a moment: try again next time */ });
    }, seconds * 1000);
  }
})();
