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

// A tab bar wider than the screen scrolls sideways: bring the current tab into view.
for (const current of document.querySelectorAll(".tabs [aria-current=\"page\"]")) {
  const bar = current.closest(".tabs");
  const overflow = current.getBoundingClientRect().right - bar.getBoundingClientRect().right;
  if (overflow > 0) {
    bar.scrollLeft += overflow + 16;
  }
}
