// Note editor: live preview (the server's sanitiser, as saved pages), a small Markdown toolbar,
// "start from the original" for translators, and a warning before leaving unsaved text.
// Progressive enhancement only: without this file the Preview button re-renders the page.
"use strict";

(function () {
  const form = document.querySelector("form.note-form");
  if (!form) {
    return;
  }
  const textarea = form.querySelector("textarea[name=body]");
  const preview = document.getElementById("note-preview");
  const status = document.querySelector(".preview-status");
  const tokenMeta = document.querySelector("meta[name=csrf-token]");
  const previewUrl = form.dataset.previewUrl;
  let dirty = false;
  let timer = null;
  let lastSent = null;
  let controller = null;

  function setStatus(text) {
    if (status) {
      status.textContent = text || "";
    }
  }

  async function refreshPreview() {
    if (!preview || !previewUrl || textarea.value === lastSent) {
      return;
    }
    lastSent = textarea.value;
    if (controller) {
      controller.abort();
    }
    controller = new AbortController();
    const body = new FormData();
    body.append("body", textarea.value);
    try {
      const response = await fetch(previewUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-CSRFToken": tokenMeta ? tokenMeta.content : "", "Accept": "application/json" },
        signal: controller.signal,
      });
      const data = await response.json();
      if (response.ok) {
        // The server returns HTML already sanitised by the same function as saved pages.
        preview.innerHTML = data.html;
        setStatus("");
      } else {
        setStatus(data.error || "");
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        lastSent = null;
      }
    }
  }

  function schedulePreview() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refreshPreview, 350);
  }

  textarea.addEventListener("input", () => {
    dirty = true;
    schedulePreview();
  });

  const previewButton = form.querySelector("[data-preview-button]");
  if (previewButton) {
    previewButton.addEventListener("click", (event) => {
      event.preventDefault();
      lastSent = null;
      refreshPreview();
      if (preview) {
        preview.scrollIntoView({ behavior: "smooth", block: "nearest" });
      }
    });
  }

  form.addEventListener("submit", () => {
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Translators may start from the original's text, to keep its structure (lists, headings);
  // after a conflict, the author may take the latest version and merge their change into it.
  for (const copyButton of form.querySelectorAll("[data-copy-from]")) {
    const source = document.getElementById(copyButton.dataset.copyFrom);
    if (!source) {
      continue;
    }
    copyButton.hidden = false;
    copyButton.addEventListener("click", () => {
      const text = source.content ? source.content.textContent : source.textContent;
      if (textarea.value.trim() && textarea.value !== text) {
        const question = copyButton.dataset.confirm;
        if (question && !window.confirm(question)) {
          return;
        }
      }
      textarea.value = text;
      textarea.dispatchEvent(new Event("input"));
      textarea.focus();
    });
  }

  // A small toolbar: wraps the selection in Markdown marks, or starts lines with them.
  const toolbar = form.querySelector(".md-toolbar");
  if (toolbar) {
    const actions = [
      { label: "B", title: toolbar.dataset.bold || "Bold", wrap: ["**", "**"], key: "b" },
      { label: "I", title: toolbar.dataset.italic || "Italic", wrap: ["*", "*"], key: "i" },
      { label: "H", title: toolbar.dataset.heading || "Heading", line: "## " },
      { label: "•", title: toolbar.dataset.list || "List", line: "- " },
      // "1." is readable text, so the accessible name must contain it (WCAG 2.5.3, label in name).
      { label: "1.", title: toolbar.dataset.numbered || "Numbered list", line: "1. ",
        name: "1. " + (toolbar.dataset.numbered || "Numbered list") },
      { label: "❝", title: toolbar.dataset.quote || "Quote", line: "> " },
      { label: toolbar.dataset.link || "Link", title: toolbar.dataset.link || "Link", wrap: ["[", "](https://)"], key: "k" },
    ];

    function apply(action) {
      const start = textarea.selectionStart;
      const end = textarea.selectionEnd;
      const value = textarea.value;
      let replacement;
      let cursorStart;
      let cursorEnd;
      if (action.wrap) {
        const selected = value.slice(start, end);
        replacement = action.wrap[0] + selected + action.wrap[1];
        cursorStart = start + action.wrap[0].length;
        cursorEnd = cursorStart + selected.length;
        textarea.setRangeText(replacement, start, end, "select");
      } else {
        const lineStart = value.lastIndexOf("\n", start - 1) + 1;
        const block = value.slice(lineStart, end);
        replacement = block.split("\n").map((line) => action.line + line).join("\n");
        textarea.setRangeText(replacement, lineStart, end, "select");
        cursorStart = lineStart;
        cursorEnd = lineStart + replacement.length;
      }
      textarea.focus();
      textarea.setSelectionRange(cursorStart, cursorEnd);
      textarea.dispatchEvent(new Event("input"));
    }

    for (const action of actions) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = action.label;
      button.title = action.title;
      button.setAttribute("aria-label", action.name || action.title);
      button.addEventListener("click", () => apply(action));
      toolbar.appendChild(button);
    }
    toolbar.hidden = false;
    textarea.addEventListener("keydown", (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) {
        return;
      }
      const action = actions.find((a) => a.key && a.key === event.key.toLowerCase());
      if (action) {
        event.preventDefault();
        apply(action);
      }
    });
  }
})();
