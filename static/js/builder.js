// Agenda builder: progressive enhancement of the server-rendered grid. Without this file every
// action still works through links and forms ("Move" opens a form).
//  - drag a session onto a slot: POST to its JSON move endpoint, then reload;
//  - keyboard: focus a session's "Move" link, arrows choose a place, Enter moves, Escape cancels;
//  - track colours and positions beyond the stylesheet's classes are set through the CSSOM
//    (allowed by the CSP, unlike style attributes in the HTML);
//  - a click on an empty slot opens the new-session form for that room and time.
"use strict";

(function () {
  const grid = document.querySelector(".builder-grid");
  if (!grid) {
    return;
  }
  grid.classList.add("has-js");
  const csrfToken = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  const live = document.getElementById("builder-live");
  const day = grid.dataset.day;

  const sessions = Array.from(grid.querySelectorAll(".grid-session"));
  const slots = Array.from(grid.querySelectorAll(".slot"));
  const slotAt = new Map(slots.map((slot) => [slot.dataset.col + ":" + slot.dataset.row, slot]));
  const columns = Array.from(grid.querySelectorAll(".grid-head")).map((head) => ({
    col: Number(head.dataset.col),
    room: head.dataset.room,
    name: (head.querySelector(".room-name") || head).textContent.trim(),
  }));
  const rows = Array.from(new Set(slots.map((slot) => Number(slot.dataset.row)))).sort((a, b) => a - b);

  sessions.forEach((card) => {
    if (card.dataset.colour && /^#[0-9a-fA-F]{6}$/.test(card.dataset.colour)) {
      card.style.setProperty("--track-colour", card.dataset.colour);
    }
    // The stylesheet has classes for 40 columns and 96 rows; anything beyond is placed here.
    card.style.gridColumn = card.dataset.col;
    card.style.gridRow = card.dataset.row + " / span " + card.dataset.span;
  });

  function announce(text) {
    if (live) {
      live.textContent = text;
    }
  }

  function move(card, slot) {
    const url = card.dataset.moveUrl + "?flash=1";
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken, Accept: "application/json" },
      body: JSON.stringify({ day: day, start_time: slot.dataset.time, room: slot.dataset.room }),
    })
      .then((response) => response.json().catch(() => ({ ok: false, errors: [grid.dataset.msgFailed] })))
      .then((result) => {
        if (result.ok) {
          window.location.hash = "session-" + card.dataset.sessionId;
          window.location.reload();
        } else {
          const message = (result.errors || [grid.dataset.msgFailed]).join(" ");
          announce(message);
          window.alert(message);
        }
      })
      .catch(() => {
        announce(grid.dataset.msgFailed);
        window.alert(grid.dataset.msgFailed);
      });
  }

  // --- drag and drop ------------------------------------------------------------
  let dragged = null;
  let grabOffset = 0; // pixels between the top of the card and where it was grabbed
  let target = null;

  // The slot where the dragged card's top edge would land, in the column under the pointer.
  function slotUnder(x, y) {
    const atPointer = document.elementsFromPoint(x, y).find((el) => el.classList && el.classList.contains("slot"));
    if (!atPointer) {
      return null;
    }
    const atTop = document.elementsFromPoint(x, y - grabOffset + 2)
      .find((el) => el.classList && el.classList.contains("slot"));
    return atTop && atTop.dataset.col === atPointer.dataset.col ? atTop : atPointer;
  }

  function setTarget(slot) {
    if (target === slot) {
      return;
    }
    if (target) {
      target.classList.remove("is-drop-target");
    }
    target = slot;
    if (target) {
      target.classList.add("is-drop-target");
    }
  }

  sessions.forEach((card) => {
    card.addEventListener("dragstart", (event) => {
      dragged = card;
      grabOffset = Math.max(0, event.clientY - card.getBoundingClientRect().top);
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", card.dataset.sessionId);
      card.classList.add("is-dragging");
    });
    card.addEventListener("dragend", () => {
      card.classList.remove("is-dragging");
      setTarget(null);
      dragged = null;
    });
  });

  grid.addEventListener("dragover", (event) => {
    if (!dragged) {
      return;
    }
    const slot = slotUnder(event.clientX, event.clientY);
    if (slot) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
    }
    setTarget(slot);
  });

  grid.addEventListener("drop", (event) => {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    const slot = slotUnder(event.clientX, event.clientY) || target;
    const card = dragged;
    setTarget(null);
    if (slot) {
      move(card, slot);
    }
  });

  // --- click on an empty slot: a new session there -------------------------------
  grid.addEventListener("click", (event) => {
    const slot = event.target.closest && event.target.closest(".slot");
    if (!slot || !grid.dataset.newUrl) {
      return;
    }
    const params = new URLSearchParams({ day: day, start: slot.dataset.time });
    if (slot.dataset.room) {
      params.set("room", slot.dataset.room);
    }
    window.location.href = grid.dataset.newUrl + "?" + params.toString();
  });

  // --- keyboard moves ---------------------------------------------------------------
  let moving = null; // {card, link, col, row, original}

  function describe(state) {
    const slot = slotAt.get(state.col + ":" + state.row);
    const column = columns.find((c) => c.col === state.col);
    // No quotation marks around the title: they differ by language (“…” in English, «…» in Russian).
    return grid.dataset.msgMoving + ": " + state.card.dataset.title + ", " +
      (slot ? slot.dataset.time : "") + ", " + (column ? column.name : "") + ". " + grid.dataset.msgConfirm;
  }

  function place(state) {
    state.card.style.gridColumn = String(state.col);
    state.card.style.gridRow = state.row + " / span " + state.card.dataset.span;
    announce(describe(state));
  }

  function stopMoving(restore) {
    if (!moving) {
      return;
    }
    const state = moving;
    moving = null;
    state.card.classList.remove("is-keyboard-moving");
    if (restore) {
      state.card.style.gridColumn = state.card.dataset.col;
      state.card.style.gridRow = state.card.dataset.row + " / span " + state.card.dataset.span;
    }
    return state;
  }

  sessions.forEach((card) => {
    const link = card.querySelector(".gs-move");
    if (!link) {
      return;
    }
    link.setAttribute("aria-keyshortcuts", "ArrowUp ArrowDown ArrowLeft ArrowRight Enter Escape");
    link.addEventListener("keydown", (event) => {
      const arrows = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
      if (event.key in arrows) {
        event.preventDefault();
        const [dc, dr] = arrows[event.key];
        if (!moving || moving.card !== card) {
          stopMoving(true);
          // Start from the slot that holds the session's start (it may start between slots).
          const own = Number(card.dataset.row);
          const row = rows.filter((r) => r <= own).pop() || rows[0];
          moving = { card: card, col: Number(card.dataset.col), row: row };
          card.classList.add("is-keyboard-moving");
        }
        const colIndex = columns.findIndex((c) => c.col === moving.col);
        const nextColumn = columns[Math.min(columns.length - 1, Math.max(0, colIndex + dc))];
        const rowIndex = rows.indexOf(moving.row);
        moving.col = nextColumn ? nextColumn.col : moving.col;
        moving.row = rows[Math.min(rows.length - 1, Math.max(0, rowIndex + dr))];
        place(moving);
      } else if (event.key === "Escape" && moving && moving.card === card) {
        event.preventDefault();
        stopMoving(true);
        announce(grid.dataset.msgCancelled);
      } else if (event.key === "Enter" && moving && moving.card === card) {
        event.preventDefault(); // do not follow the link to the form
        const state = stopMoving(false);
        const slot = slotAt.get(state.col + ":" + state.row);
        if (slot) {
          move(card, slot);
        }
      }
    });
    link.addEventListener("blur", () => {
      if (moving && moving.card === card) {
        stopMoving(true);
      }
    });
  });
})();
