// Moves the export progress bar without reloading the page, and reloads it once the export has finished (to
// show the download link or what went wrong). Without JavaScript the page refreshes itself instead.
const root = document.querySelector('[data-module="thr-export-progress"]');
const bar = document.getElementById("export-progress");
const label = document.getElementById("export-status");

async function poll() {
  try {
    const response = await fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (response.ok) {
      const job = await response.json();
      if (job.finished) {
        window.location.reload();
        return;
      }
      bar.value = job.progress;
      bar.textContent = `${job.progress}%`;
      label.textContent = `${job.status_label}: ${job.progress}% done`;
    }
  } catch {
    // A dropped connection: try again at the next tick.
  }
  window.setTimeout(poll, 1500);
}

if (root && bar && label) {
  window.setTimeout(poll, 1000);
}
