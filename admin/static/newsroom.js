// The newsroom's page behaviour (self-hosted, no inline script under the CSP): a warning before
// leaving a form with unsaved changes, the editor's autosave to the server, the media library's
// uploads with a progress bar per file, and confirmations.
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

  // The documents' relation picker: results as one types (GET /admin/documents/picker); each
  // relation button adds its line to the relations box without sending the form. Without
  // JavaScript the same buttons send the form, which comes back unsaved with the line added.
  function picker(box) {
    var input = box.querySelector("input[type=search]");
    var list = box.querySelector(".picker-results");
    var area = document.getElementById("d-relations");
    if (!input || !list || !area || typeof window.fetch !== "function") return;
    var kinds = [["replaces", "Thay thế"], ["amends", "Sửa đổi, bổ sung"], ["based_on", "Căn cứ"]];
    var timer = 0, asked = "";
    function add(line) {
      var v = area.value;
      area.value = v + (v && v.charAt(v.length - 1) !== "\n" ? "\n" : "") + line + "\n";
      area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function show(docs) {
      list.textContent = "";
      docs.forEach(function (d) {
        var li = document.createElement("li");
        var span = document.createElement("span");
        span.className = "pick-doc";
        var strong = document.createElement("strong");
        strong.textContent = d.number;
        span.appendChild(strong);
        span.appendChild(document.createTextNode(" " + d.summary));
        li.appendChild(span);
        kinds.forEach(function (k) {
          var b = document.createElement("button");
          b.type = "button";
          b.textContent = k[1];
          b.setAttribute("aria-label", k[1] + " " + d.number);
          b.addEventListener("click", function () { add(k[0] + " " + d.id); b.disabled = true; });
          li.appendChild(document.createTextNode(" "));
          li.appendChild(b);
        });
        list.appendChild(li);
      });
      if (!docs.length && input.value.trim()) {
        var none = document.createElement("li");
        none.textContent = "Không tìm thấy văn bản đã đăng nào.";
        list.appendChild(none);
      }
    }
    function ask() {
      var q = input.value.trim();
      if (q === asked) return;
      asked = q;
      if (!q) { show([]); return; }
      var url = "/admin/documents/picker?q=" + encodeURIComponent(q) +
        (box.dataset.self && box.dataset.self !== "0" ? "&self=" + box.dataset.self : "");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.json(); })
        .then(function (d) { if (q === asked) show(d.documents || []); })
        .catch(function () { list.textContent = "Chưa tìm được: mất kết nối."; });
    }
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, 250);
    });
    // Enter searches here instead of sending (and saving) the whole form.
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); window.clearTimeout(timer); ask(); }
    });
  }
  document.querySelectorAll("[data-picker]").forEach(picker);
  // The media library's upload: one request a file, each with its own progress bar (the upload
  // progress of XMLHttpRequest); without JavaScript the same form sends every file at once.
  function uploader(form) {
    var input = form.querySelector("input[type=file]");
    var list = form.querySelector(".upload-progress");
    var button = form.querySelector("button[type=submit]");
    var max = parseInt(form.dataset.max, 10) || 0;
    function row(file) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      var bar = document.createElement("progress");
      var state = document.createElement("span");
      name.className = "upload-name";
      name.textContent = file.name + " ";
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "Tiến độ tải lên " + file.name);
      state.className = "upload-state";
      li.appendChild(name);
      li.appendChild(bar);
      li.appendChild(state);
      list.appendChild(li);
      return { li: li, bar: bar, state: state };
    }
    function failed(r, why) {
      r.li.className = "failed";
      r.state.textContent = " " + why;
      r.state.setAttribute("role", "alert");
    }
    function send(file, r, done) {
      var fd = new FormData();
      fd.append("csrf", form.querySelector("input[name=csrf]").value);
      fd.append("file", file, file.name);
      var x = new XMLHttpRequest();
      x.open("POST", form.action);
      x.setRequestHeader("Accept", "application/json");
      x.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) r.bar.value = Math.min(99, Math.round(100 * e.loaded / e.total));
      });
      x.onload = function () {
        var doc = null;
        try { doc = JSON.parse(x.responseText); } catch (err) { doc = null; }
        if (x.status === 201) {
          r.bar.value = 100;
          r.li.className = "done";
          r.state.textContent = " Xong";
          done(true);
        } else {
          failed(r, (doc && doc.error) || "Không tải lên được. Hãy thử lại.");
          done(false);
        }
      };
      x.onerror = function () {
        failed(r, "Mất kết nối tới máy chủ. Hãy thử lại.");
        done(false);
      };
      x.send(fd);
    }
    form.addEventListener("submit", function (e) {
      var files = Array.prototype.slice.call(input.files || []);
      if (!files.length) return;
      e.preventDefault();
      list.textContent = "";
      button.disabled = true;
      var bad = 0;
      (function next(i) {
        if (i === files.length) {
          button.disabled = false;
          input.value = "";
          if (!bad) window.location.assign(form.action + "?ok=media");
          else {
            var more = document.createElement("li");
            var a = document.createElement("a");
            a.href = form.action;
            a.textContent = "Xem thư viện đã cập nhật";
            more.appendChild(a);
            list.appendChild(more);
          }
          return;
        }
        var r = row(files[i]);
        if (max && files[i].size > max) {
          failed(r, form.dataset.tooLarge || "Ảnh quá lớn.");
          bad++;
          next(i + 1);
          return;
        }
        send(files[i], r, function (ok) { if (!ok) bad++; next(i + 1); });
      }(0));
    });
  }
  var up = document.getElementById("media-upload");
  if (up && window.XMLHttpRequest && window.FormData) uploader(up);

  // Buttons and forms that destroy something say what first.
  document.addEventListener("submit", function (e) {
    var b = e.submitter;
    var msg = (b && b.dataset.confirm) || e.target.dataset.confirm;
    if (msg && !window.confirm(msg)) e.preventDefault();
  }, true);
}());
