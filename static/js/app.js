// Progressive enhancement only: every page works without this file.
"use strict";

// Buttons with data-confirm ask before submitting their form.
document.addEventListener("submit", (event) => {
  const submitter = event.submitter;
  const message = submitter && submitter.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
