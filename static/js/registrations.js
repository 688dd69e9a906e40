// Participants table: a "select all on this page" checkbox and a live count of the selection.
// Progressive enhancement only: without this file every row still has its own checkbox.
"use strict";

(() => {
  const all = document.querySelector("[data-select-all]");
  const rows = Array.from(document.querySelectorAll("[data-select-row]"));
  const counter = document.querySelector("[data-selection-count]");
  if (!all || rows.length === 0) {
    return;
  }
  all.hidden = false;

  const update = () => {
    const selected = rows.filter((row) => row.checked).length;
    all.checked = selected === rows.length;
    all.indeterminate = selected > 0 && selected < rows.length;
    if (counter) {
      counter.hidden = selected === 0;
      counter.textContent = selected > 0 ? `${selected} / ${rows.length}` : "";
    }
  };

  all.addEventListener("change", () => {
    rows.forEach((row) => { row.checked = all.checked; });
    update();
  });
  rows.forEach((row) => row.addEventListener("change", update));
  update();
})();
