/* The portal's own few lines: the comment form fetched uncached into the (cached) article page,
   sent without leaving the page, and one read counted by a beacon. Without JavaScript the page
   links to the full comment page and no read is counted (robots do not count). */
(function () {
  "use strict";
  var article = document.querySelector("[data-article]");
  if (article && navigator.sendBeacon) {
    navigator.sendBeacon("/luot-doc/" + article.getAttribute("data-article") + "/");
  }
  var slot = document.querySelector("[data-comment-form]");
  if (!slot || !window.fetch) { return; }
  function show(html) {
    slot.innerHTML = html;
    var form = slot.querySelector("form");
    if (!form) { return; }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      fetch(form.action, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-Portal-Fragment": "1" }
      }).then(function (response) {
        if (response.status >= 500) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (text) {
        show(text);
        var notice = slot.querySelector("[role=status], [role=alert]");
        if (notice) { notice.setAttribute("tabindex", "-1"); notice.focus(); }
      }).catch(function () { form.submit(); });
    });
  }
  fetch(slot.getAttribute("data-comment-form"), { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.text() : null; })
    .then(function (text) { if (text) { show(text); } })
    .catch(function () { /* the link to the comment page stays */ });
})();
