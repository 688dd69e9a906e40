// Certificates page: while the background worker issues a batch, follow its progress, then
// reload the page to show the certificates and what the batch did.
// Progressive enhancement only: without this file the page shows the progress when reloaded.
"use strict";

(() => {
  const box = document.querySelector("[data-progress-url]");
  if (!box || !window.fetch) {
    return;
  }
  const count = box.querySelector("[data-batch-count]");
  const bar = box.querySelector("[data-batch-bar]");
  const poll = () => {
    fetch(box.dataset.progressUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
      .then((state) => {
        if (!state.running) {
          window.location.reload();
          return;
        }
        if (state.total !== null) {
          bar.max = Math.max(state.total, 1);
          bar.value = state.done;
          count.textContent = `${state.done} / ${state.total}`;
        }
        window.setTimeout(poll, 2000);
      })
      .catch(() => window.setTimeout(poll, 5000));
  };
  window.setTimeout(poll, 1000);
})();
