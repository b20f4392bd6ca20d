// SPDX-License-Identifier: Apache-2.0
// The dashboard's way to velos api: the token, REST calls and the /ws live feed.
//
// The token arrives in the URL fragment (#token=…), which browsers never send to a server, so it
// reaches no access log; it is moved at once to sessionStorage (this tab only, gone when the tab
// closes) and removed from the address bar and history. Every request sends it as a bearer token;
// the WebSocket, whose browser API cannot set headers, offers it as a subprotocol value.

const KEY = 'velos.token';

/** Takes a token from the fragment, if any, into sessionStorage; returns the token to use, or null. */
export function adoptToken() {
  const params = new URLSearchParams(location.hash.slice(1));
  const fromUrl = params.get('token');
  if (fromUrl !== null) {
    history.replaceState(null, '', location.pathname + location.search);
    if (fromUrl.trim() !== '') sessionStorage.setItem(KEY, fromUrl.trim());
  }
  return sessionStorage.getItem(KEY);
}

export function saveToken(token) {
  sessionStorage.setItem(KEY, token.trim());
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** An answer other than 2xx: the status and the server's {"error"} text. */
export class ApiFailure extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export class Client {
  constructor(token, onUnauthorized) {
    this.token = token;
    this.onUnauthorized = onUnauthorized;
  }

  get(path) {
    return this.request('GET', path);
  }

  /** POST with a JSON body: the server takes nothing else for a request that acts (CSRF). */
  post(path, body) {
    return this.request('POST', path, body === undefined ? {} : body);
  }

  delete(path) {
    return this.request('DELETE', path);
  }

  async request(method, path, body) {
    // X-Velos-Client only names the channel in the audit trail; the token is what grants access.
    const headers = { Authorization: 'Bearer ' + this.token, Accept: 'application/json', 'X-Velos-Client': 'dashboard' };
    const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (e) {
      throw new ApiFailure(0, 'velos api is not reachable (' + e.message + ')');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch (e) {
      json = null;
    }
    if (response.status === 401) {
      this.onUnauthorized();
    }
    if (!response.ok) {
      const message = json && typeof json.error === 'string' ? json.error : 'HTTP ' + response.status;
      throw new ApiFailure(response.status, message);
    }
    return json;
  }
}

/**
 * The /ws feed: reconnects with a growing delay (1 s to 15 s) and subscribes again to the log
 * streams it had. `onMessage` gets each parsed message, `onState` true/false as it connects.
 */
export class Live {
  constructor(token, onMessage, onState) {
    this.token = token;
    this.onMessage = onMessage;
    this.onState = onState;
    this.subscriptions = new Set();
    this.delay = 1000;
    this.socket = null;
    this.closed = false;
  }

  connect() {
    if (this.closed) return;
    const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
    let ws;
    try {
      // The server accepts the first offered value ("velos"), so the token is never echoed back.
      ws = new WebSocket(url, ['velos', this.token]);
    } catch (e) {
      // A token with characters a subprotocol cannot carry: REST still works, live updates do not.
      this.onState(false, 'live updates need a token of letters and digits');
      return;
    }
    this.socket = ws;
    ws.addEventListener('open', () => {
      this.delay = 1000;
      this.onState(true);
      if (this.subscriptions.size > 0) this.send({ type: 'subscribe', logs: [...this.subscriptions] });
    });
    ws.addEventListener('message', event => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (msg && typeof msg.type === 'string') this.onMessage(msg);
    });
    ws.addEventListener('close', () => {
      this.socket = null;
      this.onState(false);
      if (!this.closed) {
        setTimeout(() => this.connect(), this.delay);
        this.delay = Math.min(this.delay * 2, 15000);
      }
    });
  }

  subscribe(name) {
    this.subscriptions.add(name);
    this.send({ type: 'subscribe', logs: [name] });
  }

  unsubscribe(name) {
    this.subscriptions.delete(name);
    this.send({ type: 'unsubscribe', logs: [name] });
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.close();
  }
}
