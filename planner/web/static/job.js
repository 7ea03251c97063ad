// Live progress of a solve: poll the job's status every second until it ends, then reload
// once so the server renders the result. No inline script (the CSP forbids it).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.final === "true") return;
  var url = box.dataset.statusUrl;
  var statusEl = document.getElementById("job-status");
  var labels = JSON.parse(statusEl.dataset.labels);
  var bar = document.getElementById("job-bar");
  var elapsed = document.getElementById("job-elapsed");
  var progress = document.getElementById("job-progress");
  function tick() {
    fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        statusEl.textContent = labels[s.status] || s.status;
        statusEl.className = "status-" + s.status;
        if (elapsed) elapsed.textContent = Math.round(s.elapsed);
        if (bar && s.fraction != null) bar.value = Math.round(100 * s.fraction);
        else if (bar && s.time_limit) bar.value = Math.min(99, (100 * s.elapsed) / s.time_limit);
        if (progress) progress.textContent = s.progress || "";
        if (s.final) { window.location.reload(); return; }
        window.setTimeout(tick, 1000);
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  tick();
})();
