// Progressive enhancement for a theme run's page: poll the run's status and update the
// progress bar; reload the page when the run ends. Without this file the page has a
// "Refresh" link instead (no automatic refresh, WCAG 2.2.1).
const box = document.querySelector('[data-module="hark-run-progress"]');
if (box) {
  const bar = box.querySelector("progress");
  const text = box.querySelector("[data-progress-text]");
  const message = box.querySelector("[data-progress-message]");
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const run = await response.json();
      bar.value = run.progress;
      const tag = document.querySelector("[data-run-status]");
      if (tag) {  // the status tag agrees with the bar
        const names = JSON.parse(tag.dataset.names), colours = JSON.parse(tag.dataset.colours);
        tag.textContent = names[run.status] || run.status;
        tag.className = `govuk-tag ${colours[run.status] || ""}`;
      }
      bar.textContent = `${run.progress}%`;
      text.textContent = `${run.progress}% done`;
      message.textContent = run.message || "";
      if (run.status !== "queued" && run.status !== "running") {
        window.location.assign(box.dataset.doneUrl);
        return;
      }
    } catch (error) {
      // Network hiccup: try again on the next tick.
    }
    window.setTimeout(poll, 2000);
  };
  window.setTimeout(poll, 2000);
}
