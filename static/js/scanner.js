// Camera scanning of ticket QR codes (BarcodeDetector + getUserMedia), shared by the
// registration check-in desk and the training attendance desk. Progressive enhancement:
// the "scan" button appears only where the browser can scan; typing the code always works.
"use strict";

window.ConveneScanner = {
  // Wires the [data-scan-start] button inside `form`, the [data-scanner] box (with a <video>)
  // and its [data-scan-stop] button. onCode(code) is called once per ticket shown to the camera;
  // onError() when the camera cannot be opened.
  attach(form, onCode, onError) {
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
              onCode(code);
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
          onError(scanner.dataset.cameraError);
        });
    });
    stop.addEventListener("click", stopCamera);
    window.addEventListener("pagehide", stopCamera);
  },
};
