// Fills the visitor counter of cached pages from /api/v1/visitors, and makes a "Liên kết website"
// select open the chosen site. Without JavaScript the page links to /thong-ke-truy-cap instead.
(function () {
  "use strict";
  var dl = document.querySelector("[data-visitors]");
  if (dl && window.fetch) {
    fetch(dl.getAttribute("data-visitors"), { credentials: "omit" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (c) {
        if (!c) return;
        var fmt = new Intl.NumberFormat("vi-VN");
        dl.querySelectorAll("[data-k]").forEach(function (dd) {
          var v = c[dd.getAttribute("data-k")];
          if (typeof v === "number") dd.textContent = fmt.format(v);
        });
      })
      .catch(function () {});
  }
  document.querySelectorAll("select[data-links]").forEach(function (sel) {
    sel.addEventListener("change", function () {
      if (/^[1-9][0-9]*$/.test(sel.value)) window.location.href = "/r/" + sel.value;
    });
  });
}());
