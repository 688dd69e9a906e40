// The site's menu on phones: one button shows and hides the links and the language switcher
// (templates/base.html). Without this file they are simply shown in full.
"use strict";

(() => {
  const header = document.querySelector(".site-header");
  const toggle = header && header.querySelector(".site-menu-toggle");
  if (!toggle) {
    return;
  }
  const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
  const setOpen = (open) => toggle.setAttribute("aria-expanded", String(open));
  toggle.hidden = false;
  header.classList.add("is-collapsible");
  toggle.addEventListener("click", () => setOpen(!isOpen()));
  header.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && isOpen()) {
      setOpen(false);
      toggle.focus();
    }
  });
})();
