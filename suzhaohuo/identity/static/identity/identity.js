// Progressive enhancement only: reveal controls that need htmx (the page works without them).
document.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
