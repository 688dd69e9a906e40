// Desks where staff type or scan ticket codes: the registration check-in and the training
// attendance desk. Sends codes without reloading, shows the answer, keeps the counts live and
// scans QR codes with the camera where the browser has the BarcodeDetector API.
// Progressive enhancement only: the form works as a normal POST without this file.
// The page says what differs: the progress bar's counts (data-progress-max, data-progress-value)
// and an optional hidden input[data-method] that records "code" or "scan".
"use strict";

(() => {
  const form = document.querySelector("[data-desk-form]");
  if (!form || !window.fetch) {
    return;
  }
  const input = form.querySelector("input[name=code]");
  const region = document.querySelector("[data-result]");
  const csrf = form.querySelector("input[name=csrf_token]");
  const method = form.querySelector("[data-method]");
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
      progress.max = Math.max(counts[progress.dataset.progressMax] || 0, 1);
      progress.value = counts[progress.dataset.progressValue] || 0;
    }
  };

  const refreshCounts = () => {
    if (!countsBox || document.visibilityState !== "visible") {
      return;
    }
    fetch(countsBox.dataset.countsUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then(showCounts)
      .catch(() => {}); // offline for a moment: the next round will catch up
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

  const icons = { checked_in: "✓", marked: "✓", already: "!", undone: "!" };

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
      if (result.status_label) {
        const status = element("p");
        status.append(element("span", `badge status-${result.status}`, result.status_label));
        box.append(status);
      }
    }
    if (result.warning) {
      box.append(element("p", "result-warning", `⚠ ${result.warning}`));
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
    showMatch(result);
  };

  // A person found by name: the row says they are in, or offers the button again after an undo.
  const showMatch = (result) => {
    const row = result.registration_id && document.querySelector(`[data-match="${result.registration_id}"]`);
    if (!row) {
      return;
    }
    const inside = row.querySelector("[data-match-in]");
    const button = row.querySelector("[data-match-form]");
    if (inside) {
      inside.hidden = !result.checked_in_text;
      inside.querySelector("[data-match-in-text]").textContent = result.checked_in_text || "";
    }
    if (button) {
      button.hidden = Boolean(result.checked_in_text) || result.status !== "confirmed";
    }
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
          if (method) {
            method.value = "code";
          }
        }
        // Ready for the next person: the ticket box, or the name box after a check-in by name.
        const search = document.querySelector("[data-desk-search]");
        (target.matches("[data-match-form]") && search ? search : input).focus();
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

  // Undo buttons, and the check-in buttons of people found by name.
  document.addEventListener("submit", (event) => {
    const other = event.target.closest("[data-undo-form], [data-match-form]");
    if (!other) {
      return;
    }
    event.preventDefault();
    send(other, new FormData(other), () => other.submit());
  });

  // --- camera ---------------------------------------------------------------------------
  const start = form.querySelector("[data-scan-start]");
  const scanner = document.querySelector("[data-scanner]");
  const stop = document.querySelector("[data-scan-stop]");
  const video = scanner && scanner.querySelector("video");
  const canScan = "BarcodeDetector" in window && navigator.mediaDevices && navigator.mediaDevices.getUserMedia;
  if (!start || !scanner || !video || !canScan) {
    return;
  }
  let stream = null;
  let timer = null;
  let lastCode = "";
  let lastAt = 0;

  const stopCamera = () => {
    window.clearTimeout(timer);
    if (stream) {
      stream.getTracks().forEach((track) => track.stop());
      stream = null;
    }
    video.srcObject = null;
    scanner.hidden = true;
    start.hidden = false;
  };

  const scanLoop = (detector) => {
    timer = window.setTimeout(() => {
      if (!stream) {
        return;
      }
      detector.detect(video)
        .then((codes) => {
          const code = codes.length ? codes[0].rawValue : "";
          const now = Date.now();
          // The same ticket stays in front of the camera for a while: send it once.
          if (code && (code !== lastCode || now - lastAt > 4000)) {
            lastCode = code;
            lastAt = now;
            input.value = code;
            if (method) {
              method.value = "scan";
            }
            send(form, new FormData(form), () => form.submit());
          }
        })
        .catch(() => {})
        .finally(() => scanLoop(detector));
    }, 250);
  };

  window.BarcodeDetector.getSupportedFormats()
    .then((formats) => {
      if (formats.includes("qr_code")) {
        start.hidden = false;
      }
    })
    .catch(() => {});

  start.addEventListener("click", () => {
    navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false })
      .then((media) => {
        stream = media;
        video.srcObject = media;
        scanner.hidden = false;
        start.hidden = true;
        return video.play();
      })
      .then(() => scanLoop(new window.BarcodeDetector({ formats: ["qr_code"] })))
      .catch(() => {
        stopCamera();
        showResult({ outcome: "invalid", message: scanner.dataset.cameraError });
      });
  });
  stop.addEventListener("click", stopCamera);
  window.addEventListener("pagehide", stopCamera);
})();
