// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", function () {
  // Move focus to the error summary after a failed submit, so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
  // Links in the error summary: focus the field itself, not just scroll to it.
  document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target) {
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        target.focus();
      }
    });
  });
});

// "Print" controls are plain links to the printable page; where JavaScript runs they also open
// the browser's print dialog (at once on that page, or after following a link ending in #print).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a[data-print]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var target = new URL(link.href, window.location.href);
      if (target.pathname === window.location.pathname) {
        event.preventDefault();
        window.print();
      }
    });
  });
  if (window.location.hash === "#print") {
    window.print();
  }
});
