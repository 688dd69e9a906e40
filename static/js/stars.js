// Stars ("Add to my agenda") without reloading the page: the star form is sent in the background
// and every star button of that session on the page shows the new state. Progressive enhancement
// only: without this file (or when the request fails) the form is an ordinary POST that comes back
// to the same session on the page.
"use strict";

(() => {
  if (!window.fetch) {
    return;
  }

  const show = (action, starred) => {
    for (const form of document.querySelectorAll("form.star-form")) {
      if (form.action !== action) {
        continue;
      }
      const button = form.querySelector(".star-button");
      button.setAttribute("aria-pressed", starred ? "true" : "false");
      button.querySelector(".star-icon").textContent = starred ? "★" : "☆";
      const label = starred ? button.dataset.labelOn : button.dataset.labelOff;
      button.querySelector(".star-label").textContent = label;
      button.querySelector(".star-name").textContent = `${label}: ${button.dataset.title}`;
      form.querySelector("input[name=starred]").value = starred ? "0" : "1";
    }
  };

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (event.defaultPrevented || !form.matches("form.star-form")) {
      return;
    }
    event.preventDefault();
    const button = form.querySelector(".star-button");
    if (button.classList.contains("is-busy")) {
      return; // a double click: the first request decides
    }
    button.classList.add("is-busy");
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then((response) => {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then((answer) => show(form.action, answer.starred))
      .catch(() => form.submit()) // let the server say what went wrong (e.g. signed out meanwhile)
      .finally(() => button.classList.remove("is-busy"));
  });
})();
