// The live on-the-day view: polls the page's numbers (a plain GET of JSON, so it works behind any
// proxy) every few seconds and rebuilds what changed. Polling stops while the tab is hidden and
// starts again, at once, when it is shown; after a failed request it waits longer each time.
// Without this file the page is right when loaded.
"use strict";

(() => {
  const root = document.querySelector("[data-live]");
  if (!root || !window.fetch) {
    return;
  }
  const url = root.dataset.pollUrl;
  const interval = Math.max(Number(root.dataset.pollMs) || 5000, 200);
  const longest = 60000;
  let delay = interval;
  let timer = null;
  let busy = false;

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

  const cell = (tag, text, className) => {
    const node = element(tag, className, text);
    if (tag === "th") {
      node.scope = "row";
    }
    return node;
  };

  const rebuild = (selector, rows) => {
    const body = root.querySelector(selector);
    if (body) {
      body.replaceChildren(...rows);
    }
  };

  const bar = (arrived, busiest) => {
    const svgNS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(svgNS, "svg");
    svg.setAttribute("class", "live-bar");
    svg.setAttribute("viewBox", "0 0 100 10");
    svg.setAttribute("preserveAspectRatio", "none");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    const rect = document.createElementNS(svgNS, "rect");
    rect.setAttribute("height", "10");
    rect.setAttribute("width", String(busiest ? Math.round((1000 * arrived) / busiest) / 10 : 0));
    svg.append(rect);
    return svg;
  };

  const show = (numbers) => {
    for (const target of root.querySelectorAll("[data-live-text]")) {
      const value = numbers[target.dataset.liveText];
      if (value !== undefined) {
        target.textContent = String(value);
      }
    }
    const progress = root.querySelector("[data-live-progress]");
    if (progress) {
      progress.max = Math.max(numbers.expected || 0, 1);
      progress.value = numbers.checked_in || 0;
    }
    rebuild("[data-live-days]", numbers.days.map((day) => {
      const row = element("tr", day.current ? "live-current" : "");
      if (day.current) {
        row.setAttribute("aria-current", "date");
      }
      const head = cell("th");
      const link = element("a", "", day.label);
      link.href = day.url;
      head.append(link);
      row.append(head, cell("td", String(day.arrived), "numeric"), cell("td", String(day.checked_in), "numeric"));
      return row;
    }));
    rebuild("[data-live-quarters]", numbers.quarters.map((quarter) => {
      const row = element("tr");
      const count = cell("td");
      count.append(element("span", "live-bar-count", String(quarter.arrived)), bar(quarter.arrived, numbers.busiest_quarter));
      row.append(cell("th", quarter.label), count);
      return row;
    }));
    const hasQuarters = numbers.quarters.length > 0;
    const table = root.querySelector("[data-live-quarters-table]");
    const empty = root.querySelector("[data-live-empty]");
    if (table) {
      table.hidden = !hasQuarters;
    }
    if (empty) {
      empty.hidden = hasQuarters;
    }
    const modules = root.querySelector("[data-live-modules-section]");
    if (modules) {
      modules.hidden = numbers.modules.length === 0;
      const linked = !root.classList.contains("live-screen");
      rebuild("[data-live-modules]", numbers.modules.map((module) => {
        const row = element("tr");
        const head = cell("th", linked ? undefined : module.title);
        if (linked) {
          const link = element("a", "", module.title);
          link.href = module.url;
          head.append(link);
        }
        head.append(" ", element("span", "live-module-time", module.time));
        row.append(head, cell("td", module.present_text, "numeric nowrap"));
        return row;
      }));
    }
    // People found by the search who have come in since leave the list (the server knows the rest).
    const matches = root.querySelector("[data-live-matches]");
    if (matches && Array.isArray(numbers.matches)) {
      const waiting = new Set(numbers.matches.map((match) => String(match.id)));
      for (const item of matches.querySelectorAll("[data-match]")) {
        if (!waiting.has(item.dataset.match)) {
          item.remove();
        }
      }
      const none = root.querySelector("[data-live-none]");
      if (none) {
        none.hidden = matches.children.length > 0;
      }
    }
  };

  const schedule = () => {
    window.clearTimeout(timer);
    timer = document.visibilityState === "visible" ? window.setTimeout(poll, delay) : null;
  };

  const poll = () => {
    if (busy || document.visibilityState !== "visible") {
      return;
    }
    busy = true;
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then((response) => {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then((numbers) => {
        show(numbers);
        delay = interval;
      })
      .catch(() => {
        delay = Math.min(delay * 2, longest); // offline or signed out: ask less often
      })
      .finally(() => {
        busy = false;
        schedule();
      });
  };

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      poll();
    } else {
      window.clearTimeout(timer);
    }
  });
  schedule();
})();
