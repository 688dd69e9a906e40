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

// Links with data-print open the browser's print dialog (tickets, badges).
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-print]");
  if (trigger) {
    event.preventDefault();
    window.print();
  }
});
