// Saves text the circuit produced as a file download (export), without a server round trip for the bytes.
window.bronnFiles = {
  download(fileName, contentType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  },
};

// Copies text (a webhook address) to the clipboard; false when the browser refuses (no secure context, no permission).
window.bronnClipboard = {
  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
};
