"""JavaScript that puts the tag on a page: the official snippet, and a stand-in for Clarity's loader."""

from __future__ import annotations

import json
from typing import Any

from tagprobe.scenario.model import TagMode

LOADER_URL_PREFIX = "https://www.clarity.ms/tag/"
SCRIPT_URL_TEMPLATE = "https://scripts.clarity.ms/{version}/clarity.js"


def injection_init_script(project_id: str, mode: TagMode) -> str:
    """An init script adding the official snippet on DOMContentLoaded, in the top frame only.

    Starting the tag at document-start throws because `document` is not ready yet."""
    skip_when_site_has_tag = "true" if mode is TagMode.AUTO else "false"
    return f"""(() => {{
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  // A consent manager holds the site's snippet in a script it will run on consent (type="text/plain"):
  // that is the site's own tag, gated, not a page without one.
  const heldSnippet = () => Array.from(document.scripts).some((script) =>
    !/^$|^(text|application)\\/(x-)?(java|ecma)script$|^module$/i.test(script.type.trim())
    && /clarity\\.ms\\//.test(script.text + " " + (script.getAttribute("src") || script.getAttribute("data-src") || "")));
  const install = () => {{
    if ({skip_when_site_has_tag} && (window.clarity || heldSnippet())) return;
    (function(c,l,a,r,i,t,y){{
      c[a]=c[a]||function(){{(c[a].q=c[a].q||[]).push(arguments)}};
      t=l.createElement(r);t.async=1;t.src={json.dumps(LOADER_URL_PREFIX)}+i;
      y=l.getElementsByTagName(r)[0];
      if (y && y.parentNode) y.parentNode.insertBefore(t,y); else (l.head||l.documentElement).appendChild(t);
    }})(window, document, "clarity", "script", {json.dumps(project_id)});
  }};
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", install, {{once: true}});
  else install();
}})();"""


def emulated_loader(start_options: dict[str, Any], script_url: str) -> str:
    """What https://www.clarity.ms/tag/<id> does: start the tag, then load the tag script.

    While `window.clarity` is still the snippet's queue, "start" goes to the front of the queue (the tag
    drops calls queued before "start"). When a tag is already running (`clarity.v` set: a second install),
    it is started directly, and the script loaded again logs CL001, as with Clarity's own loader."""
    return f"""(() => {{
  const options = {json.dumps(start_options)};
  const c = window.clarity = window.clarity || function(){{(window.clarity.q = window.clarity.q || []).push(arguments)}};
  if (c.v) c("start", options); else (c.q = c.q || []).unshift(["start", options]);
  const t = document.createElement("script");
  t.async = true;
  t.src = {json.dumps(script_url)};
  const y = document.getElementsByTagName("script")[0];
  if (y && y.parentNode) y.parentNode.insertBefore(t, y); else (document.head || document.documentElement).appendChild(t);
}})();"""
