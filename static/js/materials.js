// Materials forms: show the file or link inputs for the chosen kind, check the size before sending,
// and say that an upload is under way. Progressive enhancement: every form works without this file.
"use strict";

(() => {
  const forms = document.querySelectorAll("form.material-form");

  for (const form of forms) {
    // File or link: only the inputs of the chosen kind are shown.
    const kinds = form.querySelectorAll("input[name='kind']");
    const showKind = () => {
      const chosen = form.querySelector("input[name='kind']:checked");
      if (chosen) form.dataset.kind = chosen.value;
    };
    kinds.forEach((input) => input.addEventListener("change", showKind));
    showKind();

    const maxBytes = Number(form.dataset.maxBytes || 0);
    const fileInputs = form.querySelectorAll("input[type='file']");

    const tooLarge = () => {
      for (const input of fileInputs) {
        for (const file of input.files || []) {
          if (maxBytes && file.size > maxBytes) return input;
        }
      }
      return null;
    };

    fileInputs.forEach((input) => input.addEventListener("change", () => {
      input.setCustomValidity("");
      const field = input.closest(".field");
      const old = field && field.querySelector(".error.js-error");
      if (old) old.remove();
      if (tooLarge() === input && field) {
        const message = document.createElement("p");
        message.className = "error js-error";
        message.setAttribute("role", "alert");
        message.textContent = form.dataset.tooLarge;
        field.appendChild(message);
      }
    }));

    form.addEventListener("submit", (event) => {
      if (event.defaultPrevented) return;
      const big = tooLarge();
      if (big) {
        event.preventDefault();
        big.focus();
        return;
      }
      const hasFile = Array.from(fileInputs).some((input) => input.files && input.files.length);
      const progress = form.querySelector(".upload-progress");
      if (!hasFile || !progress) return;
      // The browser sends the form as usual; this only says that a large file takes a while.
      progress.hidden = false;
      const button = event.submitter || form.querySelector("button[type='submit']");
      if (button) window.setTimeout(() => { button.disabled = true; }, 0);
    });
  }
})();
