// The organiser's menu on phones: one button shows and hides it (events/_manage_nav.html).
// Without this file the menu is simply shown in full.
"use strict";

(() => {
  const nav = document.querySelector("[data-manage-nav]");
  if (!nav) {
    return;
  }
  const toggle = nav.querySelector(".manage-nav-toggle");
  const setOpen = (open) => toggle.setAttribute("aria-expanded", String(open));
  toggle.hidden = false;
  nav.classList.add("is-collapsible");
  toggle.addEventListener("click", () => setOpen(toggle.getAttribute("aria-expanded") !== "true"));
  nav.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      toggle.focus();
    }
  });
})();
