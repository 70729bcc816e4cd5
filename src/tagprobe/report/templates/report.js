"use strict";
(() => {
  const NONCE = document.currentScript ? document.currentScript.nonce : "";

  /* ---------- Finding scenarios: status filter, search, links to evidence ---------- */
  const scenarios = Array.from(document.querySelectorAll("details.scenario"));
  const search = document.getElementById("search");
  const filterButtons = Array.from(document.querySelectorAll("[data-filter]"));
  let statusFilter = "all";

  function applyFilters() {
    const term = search.value.trim().toLowerCase();
    let shown = 0;
    for (const item of scenarios) {
      const visible = (statusFilter === "all" || item.dataset.status === statusFilter) && item.dataset.name.includes(term);
      item.hidden = !visible;
      shown += visible ? 1 : 0;
    }
    document.getElementById("no-match").hidden = shown > 0 || scenarios.length === 0;
  }

  function setStatusFilter(value) {
    statusFilter = value;
    for (const button of filterButtons) button.setAttribute("aria-pressed", String(button.dataset.filter === value));
    applyFilters();
  }

  for (const button of filterButtons) button.addEventListener("click", () => setStatusFilter(button.dataset.filter));
  search.addEventListener("input", applyFilters);

  const expandAll = document.getElementById("expand-all");
  expandAll.addEventListener("click", () => {
    const open = expandAll.textContent === "Expand all";
    for (const item of scenarios) item.open = open;
    expandAll.textContent = open ? "Collapse all" : "Expand all";
  });

  /** Opens every <details> around an anchor's target (and shows its scenario) so the link lands on it. */
  function reveal(hash) {
    if (!hash || hash.length < 2) return null;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return null;
    const scenario = target.closest("details.scenario");
    if (scenario && scenario.hidden) {
      search.value = "";
      setStatusFilter("all");
    }
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    return target;
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#"]');
    if (link) reveal(link.getAttribute("href"));
  });
  window.addEventListener("hashchange", () => reveal(location.hash));
  if (location.hash) {
    const target = reveal(location.hash);
    if (target) target.scrollIntoView();
  }

  /* ---------- Event log: filter by event type ---------- */
  for (const log of document.querySelectorAll("[data-event-log]")) {
    const rows = Array.from(log.querySelectorAll("tbody tr"));
    const buttons = Array.from(log.querySelectorAll(".type-filter"));
    const refresh = () => {
      const hidden = new Set(buttons.filter((b) => b.getAttribute("aria-pressed") === "false").map((b) => b.dataset.type));
      for (const row of rows) row.hidden = hidden.has(row.dataset.type);
    };
    for (const button of buttons) {
      button.addEventListener("click", (event) => {
        if (event.altKey || event.metaKey) {
          // Alt/Cmd-click: only this type.
          for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
        } else {
          button.setAttribute("aria-pressed", String(button.getAttribute("aria-pressed") === "false"));
        }
        refresh();
      });
    }
  }

  /* ---------- Session replay with clarity-visualize, loaded on demand ---------- */
  async function inflate(base64) {
    const bytes = Uint8Array.from(atob(base64.trim()), (char) => char.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  function silenceClickSound() {
    // clarity-visualize plays a click sound with `new Audio(...)`; the report stays silent (its CSP forbids media).
    window.Audio = function SilentAudio() {
      const element = document.createElement("span");
      element.play = () => Promise.resolve();
      return element;
    };
  }

  let library = null;
  function loadLibrary() {
    library = library || (async () => {
      const packed = document.getElementById("player-bundle");
      if (!packed) throw new Error("the replay library is not embedded in this report");
      const code = await inflate(packed.textContent);
      silenceClickSound();
      const script = document.createElement("script");
      script.nonce = NONCE;
      script.textContent = code;
      document.head.append(script);
      const clarity = window.clarity;
      if (!clarity || !clarity.decode || !clarity.visualize) throw new Error("the replay library did not start");
      return { decode: clarity.decode.decode, visualize: clarity.visualize };
    })();
    return library;
  }

  const PLACEHOLDER_IMAGE = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='8' height='8'%3E%3Crect width='8' height='8' fill='%23e2e8f0'/%3E%3C/svg%3E";
  /** Nothing in a replay may reach the network: the site's stylesheets kept during the run are given as data:
   *  URLs (their own references already made self-contained), anything else is swapped for an empty one. */
  const offline = (styles) => (url, id, kind) => {
    if (String(kind).toLowerCase() === "img") return PLACEHOLDER_IMAGE;
    const css = styles[String(url).split("#")[0]];
    return css === undefined ? "data:text/css," : `data:text/css;charset=utf-8,${encodeURIComponent(css)}`;
  };

  function clock(ms) {
    const seconds = Math.max(0, ms) / 1000;
    return `${Math.floor(seconds / 60)}:${(seconds % 60).toFixed(1).padStart(4, "0")}`;
  }

  let activePlayer = null;
  const players = new Map();
  const CLICK_EVENT = 9;
  const PIN_NEAR_MS = 1000;

  function signalTitle(signal, elapsed) {
    const what = signal.type.replace(/_/g, " ");
    const where = signal.label ? ` on ${signal.label}` : "";
    const times = signal.count > 1 ? ` (${signal.count}×)` : "";
    return `${what}${where}${times} at ${clock(elapsed)}`;
  }

  class Player {
    constructor(root) {
      this.root = root;
      this.id = root.dataset.replay;
      this.frame = root.querySelector("iframe");
      this.stage = root.querySelector(".player-stage");
      this.tabs = root.querySelector(".player-tabs");
      this.seekInput = root.querySelector('[data-role="seek"]');
      this.clockLabel = root.querySelector('[data-role="clock"]');
      this.speedSelect = root.querySelector('[data-role="speed"]');
      this.playButton = root.querySelector('[data-action="play"]');
      this.errorLine = root.querySelector('[data-role="error"]');
      this.marks = root.querySelector('[data-role="marks"]');
      this.signals = [];
      this.pinned = new Map();
      this.pages = [];
      this.index = 0;
      this.events = [];
      this.cursor = 0;
      this.start = 0;
      this.end = 0;
      this.time = 0;
      this.rendered = 0;
      this.playing = false;
      this.size = [1280, 720];
      root.querySelector('[data-action="load"]').addEventListener("click", () => this.load());
      const guard = (action) => () => action().catch((error) => this.fail(error));
      this.playButton.addEventListener("click", guard(async () => (this.playing ? this.pause() : this.play())));
      root.querySelector('[data-action="restart"]').addEventListener("click", guard(() => this.seek(0)));
      this.seekInput.addEventListener("input", guard(() => this.seek(Number(this.seekInput.value))));
      new ResizeObserver(() => this.fit()).observe(this.stage);
      players.set(this.id, this);
    }

    setState(state) {
      this.root.dataset.state = state;
    }

    fail(error) {
      this.pause();
      this.setState("error");
      this.errorLine.hidden = false;
      this.errorLine.textContent = `The replay could not be shown: ${error && error.message ? error.message : error}`;
    }

    async load() {
      if (this.root.dataset.state !== "idle") return;
      this.setState("loading");
      this.root.querySelector(".player").hidden = false;
      try {
        this.library = await loadLibrary();
        const payloads = JSON.parse(await inflate(document.getElementById(`${this.id}-uploads`).textContent));
        const labels = JSON.parse(document.getElementById(`${this.id}-pages`).textContent);
        const styles = document.getElementById(`${this.id}-styles`).textContent.trim();
        this.signals = JSON.parse(document.getElementById(`${this.id}-signals`).textContent);
        this.proxy = offline(styles ? JSON.parse(await inflate(styles)) : {});
        const byPage = new Map();
        for (const payload of payloads) {
          const envelope = JSON.parse(payload).e;
          const key = `${envelope[5]}|${envelope[6]}|${envelope[7]}`;
          if (!byPage.has(key)) byPage.set(key, []);
          byPage.get(key).push(payload);
        }
        this.pages = Array.from(byPage.values());
        this.pages.forEach((_, index) => {
          const tab = document.createElement("button");
          tab.type = "button";
          tab.setAttribute("role", "tab");
          tab.textContent = `Page ${index + 1}: ${labels[index] ? new URL(labels[index], "http://x").pathname : ""}`;
          tab.title = labels[index] || "";
          tab.addEventListener("click", () => this.showPage(index).catch((error) => this.fail(error)));
          this.tabs.append(tab);
        });
        await this.showPage(0);
      } catch (error) {
        this.fail(error);
      }
    }

    /** Sets the visualizer up on this page's first DOM snapshot, then renders events up to `until` (ms). */
    async showPage(index, until = null) {
      this.pause();
      if (activePlayer && activePlayer !== this) activePlayer.pause();
      activePlayer = this;
      this.index = index;
      const { decode, visualize } = this.library;
      const merged = visualize.merge(this.pages[index].map((payload) => decode(payload)));
      await visualize.setup(this.frame.contentWindow, {
        version: merged.envelope.version,
        dom: merged.dom,
        onresize: (width, height) => this.resizeTo(width, height),
        useproxy: this.proxy,
        logerror: (error) => console.warn("replay:", error),
      });
      this.events = merged.events;
      this.cursor = 0;
      this.rendered = 0;
      this.start = merged.dom ? merged.dom.time : this.events.length ? this.events[0].time : 0;
      this.end = this.events.length ? Math.max(this.start, this.events[this.events.length - 1].time) : this.start;
      this.time = this.start;
      this.seekInput.max = String(Math.round(this.end - this.start));
      Array.from(this.tabs.children).forEach((tab, position) => tab.setAttribute("aria-selected", String(position === index)));
      this.pinned = new Map();
      this.drawMarks();
      this.renderUntil(until === null ? this.start : Math.max(this.start, until));
      this.setState("ready");
    }

    /** The signals the detector found on the page shown, in the report's page numbering (1-based). */
    pageSignals() {
      return this.signals.filter((signal) => signal.page === this.index + 1);
    }

    /** One mark per signal under the timeline, at its time on the page's clock; pressing it goes there. */
    drawMarks() {
      this.marks.replaceChildren();
      const span = Math.max(1, this.end - this.start);
      const rows = [];
      let deepest = 0;
      for (const signal of this.pageSignals()) {
        const elapsed = Math.max(0, signal.time_ms - this.start);
        const at = Math.min(elapsed, span) / span;
        // Signals close in time (a rage burst is also dead) stack instead of hiding each other.
        const row = rows.filter((other) => Math.abs(other - at) < 0.02).length;
        rows.push(at);
        deepest = Math.max(deepest, row);
        const mark = document.createElement("button");
        mark.type = "button";
        mark.className = `seek-mark ${signal.type}`;
        mark.dataset.signal = signal.type;
        mark.dataset.time = String(Math.round(elapsed));
        mark.style.left = `${at * 100}%`;
        mark.style.top = `${row * 14}px`;
        mark.title = signalTitle(signal, elapsed);
        mark.setAttribute("aria-label", mark.title);
        mark.addEventListener("click", () => this.seek(elapsed).catch((error) => this.fail(error)));
        this.marks.append(mark);
      }
      this.marks.style.height = `${12 + 14 * deepest}px`;
    }

    /** The recorded click closest to a signal's time: where the pin goes. */
    clickNear(time) {
      let best = null;
      for (const event of this.events) {
        if (event.event !== CLICK_EVENT || Math.abs(event.time - time) > PIN_NEAR_MS) continue;
        if (best === null || Math.abs(event.time - time) < Math.abs(best.time - time)) best = event;
      }
      return best;
    }

    /** Pins each click signal whose time has come on the replayed page, labelled, where its click landed. */
    pinSignals() {
      const doc = this.frame.contentDocument;
      if (!doc || !doc.documentElement) return;
      this.pageSignals().forEach((signal, position) => {
        if (signal.time_ms > this.time || this.pinned.has(position)) return;
        const click = signal.type.endsWith("_click") ? this.clickNear(signal.time_ms) : null;
        if (!click) {
          this.pinned.set(position, null);
          return;
        }
        const stacked = Array.from(this.pinned.values()).filter((other) => other === click).length;
        this.pinned.set(position, click);
        const pin = doc.createElement("div");
        pin.className = "tagprobe-signal-pin";
        pin.dataset.signal = signal.type;
        pin.textContent = `${signal.type.replace(/_/g, " ")}${signal.count > 1 ? ` ×${signal.count}` : ""}`;
        pin.title = signalTitle(signal, signal.time_ms - this.start);
        const colour = { rage_click: "#dc2626", dead_click: "#d97706", error_click: "#7c3aed" }[signal.type] || "#0f172a";
        Object.assign(pin.style, {
          position: "absolute", left: `${click.data.x + 14}px`, top: `${click.data.y - 30 - 24 * stacked}px`, zIndex: "2147483647",
          background: colour, color: "#fff", font: "600 12px/1.2 system-ui, sans-serif", padding: "3px 7px",
          borderRadius: "10px", boxShadow: "0 1px 3px rgba(0,0,0,.35)", pointerEvents: "none", whiteSpace: "nowrap",
        });
        doc.documentElement.append(pin);
      });
    }

    /** Shows a recorded moment: page `number` (1-based) rendered up to `time` on that page's clock. */
    async jumpTo(number, time) {
      if (this.root.dataset.state === "idle") await this.load();
      if (this.root.dataset.state === "error" || !this.pages.length) return;
      await this.showPage(Math.min(this.pages.length, Math.max(1, number)) - 1, time);
    }

    renderUntil(time) {
      this.time = Math.min(time, this.end);
      const due = [];
      while (this.cursor < this.events.length && this.events[this.cursor].time <= this.time) due.push(this.events[this.cursor++]);
      if (due.length) {
        this.library.visualize.render(due);
        this.rendered += due.length;
      }
      this.pinSignals();
      this.update();
    }

    update() {
      const elapsed = this.time - this.start;
      this.seekInput.value = String(Math.round(elapsed));
      this.clockLabel.textContent = `${clock(elapsed)} / ${clock(this.end - this.start)}`;
      this.root.dataset.time = String(Math.round(elapsed));
      this.root.dataset.page = String(this.index + 1);
      this.root.dataset.rendered = String(this.rendered);
    }

    resizeTo(width, height) {
      this.size = [width, height];
      this.fit();
    }

    fit() {
      const [width, height] = this.size;
      const scale = Math.min(1, this.stage.clientWidth / width);
      this.frame.style.width = `${width}px`;
      this.frame.style.height = `${height}px`;
      this.frame.style.transform = `scale(${scale})`;
      this.stage.style.height = `${Math.round(height * scale)}px`;
    }

    async play() {
      if (activePlayer !== this) await this.showPage(this.index, this.time);
      if (this.time >= this.end) await this.showPage(this.index);
      this.playing = true;
      this.setState("playing");
      this.playButton.textContent = "Pause";
      let last = performance.now();
      const tick = (now) => {
        if (!this.playing) return;
        this.renderUntil(this.time + (now - last) * Number(this.speedSelect.value));
        last = now;
        if (this.time < this.end) {
          requestAnimationFrame(tick);
        } else if (this.index + 1 < this.pages.length) {
          this.showPage(this.index + 1).then(() => this.play()).catch((error) => this.fail(error));
        } else {
          this.pause();
          this.setState("ended");
        }
      };
      requestAnimationFrame(tick);
    }

    pause() {
      this.playing = false;
      this.playButton.textContent = "Play";
      if (this.root.dataset.state === "playing") this.setState("paused");
    }

    async seek(elapsed) {
      const wasPlaying = this.playing;
      const target = this.start + elapsed;
      if (target < this.time || activePlayer !== this) {
        await this.showPage(this.index, target);
      } else {
        this.renderUntil(target);
      }
      if (wasPlaying) this.play();
    }
  }

  for (const root of document.querySelectorAll("[data-replay]")) new Player(root);

  /* Links to a moment (a failing check's evidence, a signal): open the scenario's replay there. */
  document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-replay-moment]");
    const player = link && players.get(link.dataset.replayMoment);
    if (!player) return;
    event.preventDefault();
    reveal(`#${player.root.id}`);
    player.root.scrollIntoView({ block: "start" });
    player.jumpTo(Number(link.dataset.page), Number(link.dataset.time)).catch((error) => player.fail(error));
  });
})();
