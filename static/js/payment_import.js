// Progressive enhancement for the payment list pages: every page works without this file.
// While a long upload or a recording runs, show that it is under way and count the seconds.
// The browser's own indicator shows how far the upload has got; the server's checking that
// follows has no measurable progress, so the bar is indeterminate rather than a made-up figure.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-long-task]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector("[data-progress]");
      if (!status) {
        return;
      }
      var seconds = status.querySelector("[data-progress-text]");
      var wording = status.getAttribute("data-progress-seconds");
      var started = Date.now();
      var tick = function () {
        seconds.textContent = wording.replace("[seconds]", Math.round((Date.now() - started) / 1000));
      };
      status.hidden = false;
      tick();
      window.setInterval(tick, 1000);
      // After the browser has taken the form's values: a second click would send it again.
      window.setTimeout(function () {
        form.querySelectorAll("[type=submit]").forEach(function (button) {
          button.disabled = true;
        });
      }, 0);
    });
  });
});
