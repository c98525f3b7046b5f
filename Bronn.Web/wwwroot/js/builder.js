// Builder keyboard shortcuts that must not reach the browser (Ctrl+S would save the page), and the clipboard.
// Which tab this is (kept across reloads of the tab), and which tabs are still open (a heartbeat in localStorage).
const bronnTab = {
  id: sessionStorage.getItem("bronn-tab") ?? (() => { const id = crypto.randomUUID(); sessionStorage.setItem("bronn-tab", id); return id; })(),
  beat() { localStorage.setItem(`bronn-tab-alive:${bronnTab.id}`, String(Date.now())); },
  alive(tab) { return Date.now() - Number(localStorage.getItem(`bronn-tab-alive:${tab}`) ?? 0) < 6000; },
};
bronnTab.beat();
setInterval(() => bronnTab.beat(), 2000);
window.addEventListener("pagehide", () => localStorage.removeItem(`bronn-tab-alive:${bronnTab.id}`));

window.bronnBuilder = {
  attach(dotnet) {
    const inField = (e) => e.target instanceof HTMLElement && e.target.closest("input, textarea, [contenteditable], .mud-dialog, .mud-popover");
    const send = (action) => dotnet.invokeMethodAsync("ShortcutAsync", action);
    const arrows = { arrowleft: "left", arrowright: "right", arrowup: "up", arrowdown: "down" };
    const keydown = (e) => {
      const key = e.key.toLowerCase();
      const field = inField(e);
      if (key === "escape" && document.querySelector("[data-testid='canvas-menu']")) { send("close-menu"); return; }
      if (!field && !e.ctrlKey && !e.metaKey && !e.altKey) {
        // + and - zoom the canvas, the arrow keys move the selection, D disables it, when no field has the keys.
        if (key === "+" || key === "=" || key === "-") { e.preventDefault(); send(key === "-" ? "zoom-out" : "zoom-in"); return; }
        if (key === "d" && !e.shiftKey) { e.preventDefault(); send("toggle-disabled"); return; }
        if (key === "f2") { e.preventDefault(); window.bronnBuilder.focusName(); return; }
        if (arrows[key]) { e.preventDefault(); send(`move:${arrows[key]}${e.shiftKey ? "-far" : ""}`); return; }
      }
      if (!(e.ctrlKey || e.metaKey)) return;
      if (key === "s") { e.preventDefault(); send("save"); }
      else if (!field && key === "z" && !e.shiftKey) { e.preventDefault(); send("undo"); }
      else if (!field && (key === "y" || (key === "z" && e.shiftKey))) { e.preventDefault(); send("redo"); }
      else if (!field && key === "d") { e.preventDefault(); send("duplicate"); }
      else if (!field && key === "a") { e.preventDefault(); send("select-all"); }
    };
    // Copy and paste go through the clipboard events: they need no permission and work between tabs and workflows.
    const copy = (e) => {
      if (inField(e) || !window.bronnBuilder.selection) return;
      e.preventDefault();
      e.clipboardData.setData("text/plain", window.bronnBuilder.selection);
      if (e.type === "cut") send("delete-selection");
    };
    // Right-click on a node or a note, or on the empty canvas: Bronn's menu instead of the browser's.
    const contextmenu = (e) => {
      if (!(e.target instanceof Element) || !e.target.closest("[data-testid='canvas'] .diagram-canvas")) return;
      const item = e.target.closest("[data-node-id], [data-note-id]");
      e.preventDefault();
      dotnet.invokeMethodAsync("ContextMenuAsync", item ? item.dataset.nodeId ?? item.dataset.noteId : null, e.clientX, e.clientY, window.innerWidth, window.innerHeight);
    };
    const paste = (e) => {
      if (inField(e)) return;
      const text = e.clipboardData.getData("text/plain");
      if (!text) return;
      e.preventDefault();
      dotnet.invokeMethodAsync("PasteAsync", text);
    };
    document.addEventListener("keydown", keydown);
    document.addEventListener("copy", copy);
    document.addEventListener("cut", copy);
    document.addEventListener("paste", paste);
    document.addEventListener("contextmenu", contextmenu);
    window.bronnBuilder.attached = true;
    window.bronnBuilder.detach = () => {
      window.bronnBuilder.attached = false;
      document.removeEventListener("keydown", keydown);
      document.removeEventListener("copy", copy);
      document.removeEventListener("cut", copy);
      document.removeEventListener("paste", paste);
      document.removeEventListener("contextmenu", contextmenu);
      window.bronnBuilder.selection = null;
    };
  },
  detach() {},
  selection: null,
  offer(json) { window.bronnBuilder.selection = json; },
  // F2 (as in n8n): the selected node's name, in the inspector, ready to be typed over.
  focusName() {
    const input = document.querySelector("input[data-testid='inspector-name'], [data-testid='inspector-name'] input");
    if (input) { input.focus(); input.select(); }
  },
  // Writes text to the clipboard from a menu click (no copy event to answer): the Clipboard API where the page may use
  // it, else the older copy command on a hidden text area.
  async copyText(text) {
    try { await navigator.clipboard.writeText(text); return true; } catch { }
    const area = document.createElement("textarea");
    area.value = text;
    area.style.cssText = "position:fixed;left:-9999px;opacity:0";
    document.body.appendChild(area);
    area.select();
    try { return document.execCommand("copy"); } catch { return false; } finally { area.remove(); }
  },
  // Reads the clipboard for the menu's Paste (no paste event there); null where the browser refuses.
  async readText() {
    try { return await navigator.clipboard.readText(); } catch { return null; }
  },
  // Unsaved work kept in this browser until it is saved (see WorkflowBuilder.LocalDraft.cs), per tab: a tab offers
  // back its own (a reload) or a gone tab's (closed, crashed), never the work of a tab still open.
  keepDraft(key, json) { try { localStorage.setItem(`${key}:${bronnTab.id}`, json); bronnTab.beat(); } catch { /* storage full or off */ } },
  readDraft(key) {
    try {
      const found = Object.keys(localStorage).filter((k) => k.startsWith(`${key}:`))
        .filter((k) => { const tab = k.slice(key.length + 1); return tab === bronnTab.id || !bronnTab.alive(tab); })
        .map((k) => ({ storageKey: k, json: localStorage.getItem(k) }));
      return found.sort((a, b) => (JSON.parse(b.json).At > JSON.parse(a.json).At ? 1 : -1))[0] ?? null;
    } catch { return null; }
  },
  dropDraft(key) { try { localStorage.removeItem(`${key}:${bronnTab.id}`); } catch { /* nothing kept */ } },
  dropKeptDraft(storageKey) { try { localStorage.removeItem(storageKey); } catch { /* nothing kept */ } },
  reveal(selector) {
    document.querySelector(selector)?.scrollIntoView({ block: "nearest" });
  },
};

// The code editor: Tab indents at the cursor (two spaces) instead of leaving the field; Blazor hears it as input.
document.addEventListener("keydown", (e) => {
  const area = e.target;
  if (e.key !== "Tab" || e.shiftKey || !(area instanceof HTMLTextAreaElement) || !area.classList.contains("bronn-code-text")) return;
  e.preventDefault();
  area.setRangeText("  ", area.selectionStart, area.selectionEnd, "end");
  area.dispatchEvent(new Event("input", { bubbles: true }));
});

// A sticky note's resize grip keeps the pointer while it is dragged, so its moves reach it (and Blazor) off the grip.
document.addEventListener("pointerdown", (e) => {
  if (e.target instanceof Element && e.target.classList.contains("bronn-note-grip")) e.target.setPointerCapture(e.pointerId);
}, true);
