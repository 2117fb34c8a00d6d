// Clickjacking guard for hosts that cannot send `frame-ancestors` or
// X-Frame-Options (e.g. GitHub Pages): a classic script run in <head>, before
// the body is drawn, inlined by the build (no download holds up drawing; the
// CSP allows it by its hash, builder/csp.py), that hides the whole page when it is inside another
// site's frame, and asks the top window to open it instead (browsers may
// refuse that without a click; the page stays hidden either way).
if (window.top !== window.self) {
  document.documentElement.dataset.framed = "";
  try {
    window.top.location.replace(window.self.location.href);
  } catch {
    // A cross-origin parent cannot be navigated from here: hidden is enough.
  }
}
