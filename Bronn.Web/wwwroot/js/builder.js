// Builder keyboard shortcuts that must not reach the browser (Ctrl+S would save the page).
window.bronnBuilder = {
  attach(dotnet) {
    const handler = (e) => {
      const key = e.key.toLowerCase();
      const inField = e.target instanceof HTMLElement && e.target.closest("input, textarea, [contenteditable], .mud-dialog");
      // + and - zoom the canvas when no field has the keys.
      if (!inField && !e.ctrlKey && !e.metaKey && !e.altKey && (key === "+" || key === "=" || key === "-")) {
        e.preventDefault();
        dotnet.invokeMethodAsync("ShortcutAsync", key === "-" ? "zoom-out" : "zoom-in");
        return;
      }
      if (!(e.ctrlKey || e.metaKey)) return;
      if (key === "s") { e.preventDefault(); dotnet.invokeMethodAsync("ShortcutAsync", "save"); }
      else if (!inField && key === "z" && !e.shiftKey) { e.preventDefault(); dotnet.invokeMethodAsync("ShortcutAsync", "undo"); }
      else if (!inField && (key === "y" || (key === "z" && e.shiftKey))) { e.preventDefault(); dotnet.invokeMethodAsync("ShortcutAsync", "redo"); }
    };
    document.addEventListener("keydown", handler);
    window.bronnBuilder.detach = () => document.removeEventListener("keydown", handler);
  },
  detach() {},
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
