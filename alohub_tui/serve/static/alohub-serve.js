/*
 * alohub-serve.js: what the served page adds around textual-serve's client (textual.js,
 * used as shipped). It runs before textual.js and:
 *
 * - gives textual.js a session socket instead of a plain WebSocket: when the app ends or
 *   the network drops, it says "reconnecting…" and opens a new session by itself, with
 *   backoff (0.5 s doubling to 30 s, with jitter), so a kiosk never needs a click. It
 *   asks /status why a connection failed (busy, token) and says so.
 * - pings every 15 s and treats 10 s more of silence as a dropped connection.
 * - turns files the app delivers into a download (<a download>) or, for audio opened
 *   "in the browser" (Play), an audio player on the page.
 * - turns on xterm's screen-reader mode, so the screen's text is also in the page (an
 *   ARIA live region): for assistive technology, and what the browser tests read.
 *   textual.js keeps its xterm Terminal private; it is caught the moment textual.js
 *   stores it (a one-shot property trap, removed right after the page has loaded). If a
 *   textual-serve update changes that, the page still works, without the text.
 *
 * window.alohubServe holds the page's state (for the tests and the benchmark).
 */
(function () {
  "use strict";

  const NativeWebSocket = window.WebSocket;
  const BACKOFF_FIRST_MS = 500;
  const BACKOFF_MAX_MS = 30000;
  const PING_EVERY_MS = 15000;
  const SILENCE_MAX_MS = PING_EVERY_MS + 10000;
  const FRAME_BYTES = 512; // this much output after (re)connecting: the app has drawn

  const page = {
    state: "connecting", // connecting | live | reconnecting | busy | refused
    sessions: 0, // sessions opened by this page
    firstFrameMs: null, // ms from navigation start to the first frame drawn
    frames: 0, // binary messages (terminal output) received, and their bytes
    bytes: 0,
    screenReader: false, // xterm's screen-reader mode is on
    lastDelivery: null,
  };
  window.alohubServe = page;

  function element(id) {
    return document.getElementById(id);
  }

  function showStatus(text, detail) {
    const box = element("alohub-status");
    if (!box) return;
    element("alohub-status-text").textContent = text;
    element("alohub-status-detail").textContent = detail || "";
    box.hidden = false;
  }

  function hideStatus() {
    const box = element("alohub-status");
    if (box) box.hidden = true;
  }

  function sleep(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Why the server would refuse a session now: "ok", "busy", "token", "refused" or
   *  "offline" (no answer). */
  async function serverState() {
    const url = document.body.dataset.statusUrl;
    try {
      const response = await fetch(url, { cache: "no-store", credentials: "same-origin" });
      const body = await response.json();
      return body;
    } catch (error) {
      return { state: "offline" };
    }
  }

  class SessionSocket extends EventTarget {
    constructor(url) {
      super();
      const asked = new URL(url, window.location.href);
      this.path = asked.pathname;
      this.width = asked.searchParams.get("width") || "80";
      this.height = asked.searchParams.get("height") || "24";
      this.binaryType = "arraybuffer";
      this.readyState = SessionSocket.CONNECTING;
      this.attempt = 0;
      this.socket = null;
      this.stopped = false;
      this.timer = null;
      this.connect();
    }

    url() {
      const url = new URL(this.path, window.location.href);
      url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
      url.search = "?width=" + this.width + "&height=" + this.height;
      return url.href;
    }

    connect() {
      const socket = new NativeWebSocket(this.url());
      socket.binaryType = "arraybuffer";
      this.socket = socket;
      this.received = 0;
      this.drawn = false;
      this.lastHeard = Date.now();
      this.lastPing = Date.now();
      socket.addEventListener("open", () => {
        if (socket !== this.socket) return;
        this.readyState = SessionSocket.OPEN;
        page.sessions += 1;
        this.timer = setInterval(() => this.keepAlive(socket), 5000);
        this.dispatchEvent(new Event("open"));
      });
      socket.addEventListener("message", (event) => this.received_(socket, event));
      socket.addEventListener("close", () => {
        if (socket !== this.socket) return;
        clearInterval(this.timer);
        this.readyState = SessionSocket.CONNECTING;
        if (!this.stopped) this.reconnect();
      });
    }

    received_(socket, event) {
      if (socket !== this.socket) return;
      this.lastHeard = Date.now();
      if (typeof event.data === "string") {
        let message = null;
        try {
          message = JSON.parse(event.data);
        } catch (error) {
          return;
        }
        if (handleMessage(message)) return;
      } else {
        page.frames += 1;
        page.bytes += event.data.byteLength;
        this.received += event.data.byteLength;
        if (!this.drawn && this.received >= FRAME_BYTES) {
          this.drawn = true;
          this.attempt = 0;
          page.state = "live";
          if (page.firstFrameMs === null) page.firstFrameMs = Math.round(performance.now());
          hideStatus();
        }
      }
      this.dispatchEvent(new MessageEvent("message", { data: event.data }));
    }

    keepAlive(socket) {
      const now = Date.now();
      if (now - this.lastHeard > SILENCE_MAX_MS) {
        socket.close(); // its close event reconnects
      } else if (socket.readyState === NativeWebSocket.OPEN && now - this.lastPing >= PING_EVERY_MS) {
        this.lastPing = now;
        socket.send(JSON.stringify(["ping", "alohub:" + now]));
      }
    }

    async reconnect() {
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
      const wait = Math.round(delay * (1 + Math.random() * 0.3));
      this.attempt += 1;
      if (page.state !== "busy") {
        page.state = "reconnecting";
        showStatus("reconnecting…", "next try in " + Math.ceil(wait / 1000) + " s");
      }
      await sleep(wait);
      const server = await serverState();
      if (server.state === "token" || server.state === "refused") {
        page.state = "refused";
        showStatus("Access refused", "reloading the page with its address…");
        await sleep(3000);
        window.location.reload();
        return;
      }
      if (server.state === "busy") {
        page.state = "busy";
        showStatus("All " + server.max_sessions + " sessions are in use", "trying again…");
        this.reconnect();
        return;
      }
      if (server.state === "offline") {
        showStatus("reconnecting…", "the server does not answer; trying again");
        this.reconnect();
        return;
      }
      this.connect();
    }

    send(data) {
      if (typeof data === "string" && data.startsWith('["resize"')) {
        const size = JSON.parse(data)[1];
        this.width = String(size.width);
        this.height = String(size.height);
      }
      if (this.socket && this.socket.readyState === NativeWebSocket.OPEN) this.socket.send(data);
    }

    close() {
      this.stopped = true;
      if (this.socket) this.socket.close();
    }
  }
  SessionSocket.CONNECTING = 0;
  SessionSocket.OPEN = 1;
  SessionSocket.CLOSING = 2;
  SessionSocket.CLOSED = 3;

  /** Messages for this page, not for textual.js; true when handled here. */
  function handleMessage(message) {
    if (!Array.isArray(message)) return false;
    const [kind, body] = message;
    if (kind === "pong" && String(body).startsWith("alohub:")) return true;
    if (kind === "download") {
      page.lastDelivery = body;
      deliver(body);
      return true;
    }
    if (kind === "download_failed") {
      showStatus("Download failed: " + body.name, body.reason);
      setTimeout(hideStatus, 8000);
      return true;
    }
    if (kind === "error") {
      showStatus("The app could not start", String(body));
      return true;
    }
    return false;
  }

  function deliver(info) {
    const url = new URL(info.url, window.location.href).href;
    if (info.open_method === "browser" && String(info.mime_type).startsWith("audio/")) {
      play(url, info.name);
    } else if (info.open_method === "browser") {
      window.open(url, "_blank", "noopener");
    } else {
      const link = document.createElement("a");
      link.href = url;
      link.download = info.name;
      document.body.appendChild(link);
      link.click();
      link.remove();
    }
  }

  function play(url, name) {
    const box = element("alohub-player");
    const audio = element("alohub-player-audio");
    element("alohub-player-name").textContent = "▶ " + name;
    box.hidden = false;
    audio.src = url;
    audio.play().catch(() => {}); // a browser may want a click first; the controls are there
  }

  function setUpPlayer() {
    const box = element("alohub-player");
    const audio = element("alohub-player-audio");
    element("alohub-player-close").addEventListener("click", () => {
      audio.pause();
      box.hidden = true;
    });
    audio.addEventListener("ended", () => setTimeout(() => (box.hidden = true), 2000));
  }

  function catchTerminal() {
    const key = "terminal";
    Object.defineProperty(Object.prototype, key, {
      configurable: true,
      set(value) {
        Object.defineProperty(this, key, {
          value: value, writable: true, enumerable: true, configurable: true,
        });
        if (value && typeof value.loadAddon === "function" && value.options) {
          delete Object.prototype[key];
          value.options.screenReaderMode = true;
          page.screenReader = true;
        }
      },
    });
    window.addEventListener("load", () => {
      setTimeout(() => delete Object.prototype[key], 0);
    });
  }

  window.WebSocket = SessionSocket;
  catchTerminal();
  document.addEventListener("DOMContentLoaded", setUpPlayer);
})();
