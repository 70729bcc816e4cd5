"""Makes a page's WebRTC attempts visible and empty: every ICE server a page hands to `RTCPeerConnection`
(when it is made, or by `setConfiguration`) is recorded by the egress guard as a refused attempt (method
`WEBRTC`), and the connection is given no ICE server and a relay-only policy, so it gathers no candidate.

This is the second lock, and the only one on a remote browser launched without tagprobe's arguments: a page
can still reach an unwrapped `RTCPeerConnection` (e.g. from a fresh iframe). The first lock is the launch
policy in `sealing.py`, which makes Chromium itself send no WebRTC UDP at all."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import BrowserContext

from tagprobe.capture.egress import EgressGuard

BINDING = "__tagprobeWebRtcAttempt"
METHOD = "WEBRTC"
NO_ICE_SERVER = "webrtc:host-candidates"
"""The target recorded for a peer connection without ICE servers: it could only offer this machine's
addresses (host candidates), which the launch policy withholds."""
MAX_TARGET = 500

_WATCH = """
(() => {
  const report = window[BINDING];
  const Original = window.RTCPeerConnection;
  if (typeof report !== "function" || typeof Original !== "function") return;
  const urlsOf = (config) => {
    const found = [];
    try {
      for (const server of (config && config.iceServers) || []) {
        const urls = server && server.urls !== undefined ? server.urls : server && server.url;
        for (const url of Array.isArray(urls) ? urls : [urls]) if (url !== undefined) found.push(String(url));
      }
    } catch (error) { found.push("webrtc:unreadable-configuration"); }
    return found.length ? found : [NO_ICE_SERVER];
  };
  const tell = (config) => { try { report(urlsOf(config)); } catch (error) { /* the page closed */ } };
  const emptied = (config) => Object.assign({}, config || {}, {iceServers: [], iceTransportPolicy: "relay"});
  const Watched = new Proxy(Original, {
    construct(target, args, newTarget) {
      tell(args[0]);
      return Reflect.construct(target, [emptied(args[0]), ...args.slice(1)], newTarget);
    },
  });
  const setConfiguration = Original.prototype.setConfiguration;
  if (typeof setConfiguration === "function") {
    Original.prototype.setConfiguration = function (config) {
      tell(config);
      return setConfiguration.call(this, emptied(config));
    };
  }
  window.RTCPeerConnection = Watched;
  if (window.webkitRTCPeerConnection) window.webkitRTCPeerConnection = Watched;
})();
""".replace("BINDING", json.dumps(BINDING)).replace("NO_ICE_SERVER", json.dumps(NO_ICE_SERVER))


def watch_webrtc(context: BrowserContext, guard: EgressGuard) -> None:
    """Before any page of `context` exists: record each ICE server its pages try as refused by `guard`."""

    def attempted(source: Any, urls: Any) -> None:
        for url in urls if isinstance(urls, list) else [urls]:
            guard.record_refused(METHOD, str(url)[:MAX_TARGET])

    context.expose_binding(BINDING, attempted)
    context.add_init_script(_WATCH)
