// Clickjacking guard for hosts that cannot send `frame-ancestors` or
// X-Frame-Options (e.g. GitHub Pages): a classic script run in <head>, before
// the body is drawn, inlined by the build (no download holds up drawing; the
// CSP allows it by its hash, builder/csp.py). Inside a frame of another origin
// (at any level) it marks the page `data-framed`: the stylesheet then draws only
// the notice with a link to open the site in its own tab (base.html), and
// start-worker.mjs never finishes loading, so no module that draws controls or
// starts Python runs. Frames of our own origin all the way up are left alone:
// the same rule as the headers' `frame-ancestors 'self'` (builder/csp.py).
// The WebAssembly runtime's <link rel="preload"> waits inert in a <template>
// above this script (the browser's preload scanner does not look inside one):
// only an unframed page, or one framed by our own origin, puts it in the <head>,
// so a page framed by another origin downloads none of Python's runtime.
// (A block, so its names stay out of the page's global scope.)
{
  let frame = window;
  let ours = true;
  while (ours && frame !== frame.parent) {
    frame = frame.parent;
    try {
      ours = frame.location.origin === window.location.origin;
    } catch {
      // Reading another origin's location throws.
      ours = false;
    }
  }
  const runtime = document.getElementById("runtime-preload");
  if (!ours) document.documentElement.dataset.framed = "";
  else if (runtime) runtime.replaceWith(document.importNode(runtime.content, true));
}
