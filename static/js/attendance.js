// Module attendance desk: send codes without reloading, show the answer, keep the counts live, and
// scan QR codes with the camera where the browser has the BarcodeDetector API.
// Progressive enhancement only: the form works as a normal POST without this file.
"use strict";

(() => {
  const form = document.querySelector("[data-attendance-form]");
  if (!form || !window.fetch) {
    return;
  }
  const input = form.querySelector("input[name=code]");
  const method = form.querySelector("[data-method]");
  const region = document.querySelector("[data-result]");
  const csrf = form.querySelector("input[name=csrf_token]");
  const countsBox = document.querySelector("[data-counts-url]");
  let busy = false;

  // --- counts ---------------------------------------------------------------------------
  const showCounts = (counts) => {
    if (!counts || !countsBox) {
      return;
    }
    for (const [name, value] of Object.entries(counts)) {
      const target = countsBox.querySelector(`[data-count="${name}"]`);
      if (target) {
        target.textContent = String(value);
      }
    }
    const progress = countsBox.querySelector("[data-count-progress]");
    if (progress) {
      progress.max = Math.max(counts.participants || 0, 1);
      progress.value = counts.present || 0;
    }
  };

  const refreshCounts = () => {
    if (!countsBox || document.visibilityState !== "visible") {
      return;
    }
    fetch(countsBox.dataset.countsUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then(showCounts)
      .catch(() => {}); // offline for a moment: the next round catches up
  };
  window.setInterval(refreshCounts, 5000);
  document.addEventListener("visibilitychange", refreshCounts);

  // --- results --------------------------------------------------------------------------
  const element = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  };

  const icons = { marked: "✓", already: "!", undone: "!" };

  const showResult = (result) => {
    const box = element("div", `checkin-result result-${result.outcome}`);
    const message = element("p", "result-message");
    const icon = element("span", "result-icon", icons[result.outcome] || "✗");
    icon.setAttribute("aria-hidden", "true");
    message.append(icon, " ", result.message || "");
    box.append(message);
    if (result.name) {
      box.append(element("p", "result-name", result.name));
      if (result.organisation) {
        box.append(element("p", "result-org", result.organisation));
      }
    }
    if (result.undo_url) {
      const undo = element("form", "undo-form");
      undo.method = "post";
      undo.action = result.undo_url;
      undo.dataset.undoForm = "";
      if (csrf) {
        undo.append(csrf.cloneNode());
      }
      const button = element("button", "button button-secondary", result.undo_label);
      button.type = "submit";
      undo.append(button);
      box.append(undo);
    }
    region.replaceChildren(box);
    showCounts(result.counts);
  };

  const send = (target, body, fallback) => {
    if (busy) {
      return;
    }
    busy = true;
    fetch(target.action || window.location.href, {
      method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" },
    })
      .then((response) => response.json())
      .then((result) => {
        showResult(result);
        if (target === form) {
          input.value = "";
          method.value = "code";
        }
        input.focus();
      })
      .catch(() => fallback())
      .finally(() => { busy = false; });
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!input.value.trim()) {
      input.focus();
      return;
    }
    send(form, new FormData(form), () => form.submit());
  });

  document.addEventListener("submit", (event) => {
    const undo = event.target.closest("[data-undo-form]");
    if (!undo) {
      return;
    }
    event.preventDefault();
    send(undo, new FormData(undo), () => undo.submit());
  });

  // --- camera: static/js/scanner.js --------------------------------------------------
  if (window.ConveneScanner) {
    window.ConveneScanner.attach(form, (code) => {
      input.value = code;
      method.value = "scan";
      send(form, new FormData(form), () => form.submit());
    }, (message) => showResult({ outcome: "invalid", message }));
  }
})();
