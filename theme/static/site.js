// Gazette's only script, loaded with defer: keeps the header clock ticking, and on article pages
// offers the font-size control (remembered) and copy-link. Every page is complete without it.
(function () {
  "use strict";
  var days = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  function two(n) { return (n < 10 ? "0" : "") + n; }

  function clock() {
    var el = document.getElementById("clock");
    if (!el) return;
    var epoch = parseInt(el.getAttribute("data-epoch"), 10);
    var offset = parseInt(el.getAttribute("data-offset"), 10);
    if (isNaN(epoch) || isNaN(offset)) return;
    var skew = Date.now() / 1000 - epoch;
    // The page's catalogue gives the words and the pattern (theme/i18n/*.json "clock").
    var format = el.getAttribute("data-format");
    var names = (el.getAttribute("data-days") || "").split("|");
    var months = (el.getAttribute("data-months") || "").split("|");
    if (names.length >= 7) days = names;
    function render() {
      var d = new Date((Date.now() / 1000 - skew + offset) * 1000);
      var h = d.getUTCHours(), h12 = h % 12 === 0 ? 12 : h % 12;
      if (!format) {
        el.textContent = days[d.getUTCDay()] + ", ngày " + d.getUTCDate() + " tháng " +
          (d.getUTCMonth() + 1) + " năm " + d.getUTCFullYear() + " - " + h12 + ":" +
          two(d.getUTCMinutes()) + ":" + two(d.getUTCSeconds()) + " " + (h < 12 ? "AM" : "PM");
        return;
      }
      var v = {
        weekday: days[d.getUTCDay()], day: d.getUTCDate(), dd: two(d.getUTCDate()),
        month: months[d.getUTCMonth()] || "", mon: d.getUTCMonth() + 1,
        mm: two(d.getUTCMonth() + 1), year: d.getUTCFullYear(), hour12: h12, hh: two(h),
        min: two(d.getUTCMinutes()), sec: two(d.getUTCSeconds()), ampm: h < 12 ? "AM" : "PM"
      };
      el.textContent = format.replace(/\{(\w+)\}/g, function (m, k) {
        return Object.prototype.hasOwnProperty.call(v, k) ? String(v[k]) : m;
      });
    }
    setInterval(render, 1000);
  }

  var KEY = "gazette-fs", MIN = -2, MAX = 3;
  function store(get, v) {
    try {
      if (get) return parseInt(localStorage.getItem(KEY) || "0", 10) || 0;
      localStorage.setItem(KEY, String(v));
    } catch (e) { /* private mode: not remembered */ }
    return 0;
  }
  function applySize(article, step) {
    article.className = article.className.replace(/\s*fs-[-\d]+/g, "") + (step ? " fs-" + step : "");
  }
  function fontSize() {
    var box = document.querySelector(".fontsize");
    var article = document.getElementById("article");
    if (!box || !article) return;
    var step = Math.max(MIN, Math.min(MAX, store(true)));
    applySize(article, step);
    box.hidden = false;
    box.addEventListener("click", function (ev) {
      var b = ev.target.closest("button[data-fs]");
      if (!b) return;
      var d = parseInt(b.getAttribute("data-fs"), 10);
      step = d === 0 ? 0 : Math.max(MIN, Math.min(MAX, step + d));
      applySize(article, step);
      store(false, step);
    });
  }

  function copyLink() {
    var a = document.querySelector("a[data-copy]");
    var status = document.querySelector(".share .copied");
    if (!a || !navigator.clipboard) return;
    a.addEventListener("click", function (ev) {
      ev.preventDefault();
      navigator.clipboard.writeText(a.getAttribute("data-copy")).then(function () {
        if (status) status.textContent = "Đã sao chép liên kết";
      }, function () {
        if (status) status.textContent = "Không sao chép được, hãy chép địa chỉ trên thanh trình duyệt";
      });
    });
  }

  clock();
  fontSize();
  copyLink();
}());
