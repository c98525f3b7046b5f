// Builder keyboard shortcuts that must not reach the browser (Ctrl+S would save the page).
window.bronnBuilder = {
  attach(dotnet) {
    const handler = (e) => {
      if (!(e.ctrlKey || e.metaKey)) return;
      const key = e.key.toLowerCase();
      const inField = e.target instanceof HTMLElement && e.target.closest("input, textarea, [contenteditable]");
      if (key === "s") { e.preventDefault(); dotnet.invokeMethodAsync("ShortcutAsync", "save"); }
      else if (!inField && key === "z" && !e.shiftKey) { e.preventDefault(); dotnet.invokeMethodAsync("ShortcutAsync", "undo"); }
      else if (!inField && (key === "y" || (key === "z" && e.shiftKey))) { e.preventDefault(); dotnet.invokeMethodAsync("ShortcutAsync", "redo"); }
    };
    document.addEventListener("keydown", handler);
    window.bronnBuilder.detach = () => document.removeEventListener("keydown", handler);
  },
  detach() {},
};
