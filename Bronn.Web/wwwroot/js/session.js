// Same-origin calls to the auth API; the server answers sign-in with an HttpOnly cookie this script cannot read.
window.bronnSession = {
  async send(method, url, body) {
    let response;
    try {
      response = await fetch(url, {
        method,
        credentials: 'same-origin',
        headers: body ? { 'Content-Type': 'application/json', 'Accept': 'application/json' } : { 'Accept': 'application/json' },
        body: body ? JSON.stringify(body) : undefined,
      });
    } catch {
      return { status: 0, title: 'Bronn could not be reached. Check your connection and try again.', detail: null, errors: null };
    }
    let problem = null;
    if ((response.headers.get('Content-Type') || '').includes('json')) {
      try { problem = await response.json(); } catch { problem = null; }
    }
    return {
      status: response.status,
      title: problem?.title ?? null,
      detail: problem?.detail ?? null,
      errors: problem?.errors ?? null,
    };
  },
};
