// The newsroom's page behaviour (self-hosted, no inline script under the CSP): a warning before
// leaving a form with unsaved changes, the editor's autosave to the server, and confirmations.
(function () {
  "use strict";

  function serialize(form) {
    var parts = [];
    new FormData(form).forEach(function (v, k) {
      if (k !== "csrf" && typeof v === "string") parts.push(k + "=" + v);
    });
    return parts.join("\n");
  }

  // Forms whose changes must not be lost: the article editor and any form marked data-guard.
  function guard(form) {
    var clean = form.dataset.dirty === "1" ? "" : serialize(form);
    var leaving = false;
    form.addEventListener("submit", function () { leaving = true; });
    function dirty() { return !leaving && serialize(form) !== clean; }
    window.addEventListener("beforeunload", function (e) {
      if (!dirty()) return;
      e.preventDefault();
      e.returnValue = "";
    });
    return { dirty: dirty, clean: function () { return clean; } };
  }

  function autosave(form, g) {
    var every = parseInt(form.dataset.autosave, 10);
    if (!every || typeof window.fetch !== "function") return;
    var status = form.querySelector(".autosave-status");
    var last = g.clean();
    function body() {
      var fd = new FormData(form);
      fd.set("article", form.dataset.article || "0");
      ["at", "comment", "now", "schedule", "save"].forEach(function (k) { fd.delete(k); });
      return fd;
    }
    function changed() { var s = serialize(form); return s !== last ? s : null; }
    function save() {
      var s = changed();
      if (s === null) return;
      fetch("/admin/autosave", { method: "POST", body: body(), credentials: "same-origin",
        headers: { Accept: "application/json" } })
        .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, d: d }; }); })
        .then(function (x) {
          if (x.ok) last = s;
          if (status) status.textContent = x.ok ? "Đã tự lưu lúc " + x.d.saved_at : (x.d.error || "Chưa tự lưu được.");
        })
        .catch(function () { if (status) status.textContent = "Chưa tự lưu được: mất kết nối."; });
    }
    window.setInterval(save, every);
    // A closed tab or a navigation away keeps what was typed since the last autosave.
    window.addEventListener("pagehide", function () {
      if (g.dirty() && changed() !== null && navigator.sendBeacon) navigator.sendBeacon("/admin/autosave", body());
    });
    form.gazetteAutosave = save;
  }

  document.querySelectorAll("form#article-form, form[data-guard]").forEach(function (form) {
    var g = guard(form);
    if (form.id === "article-form") autosave(form, g);
  });

  // Buttons and forms that destroy something say what first.
  document.addEventListener("submit", function (e) {
    var b = e.submitter;
    var msg = (b && b.dataset.confirm) || e.target.dataset.confirm;
    if (msg && !window.confirm(msg)) e.preventDefault();
  }, true);
}());
