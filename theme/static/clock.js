// Keeps the server-rendered header clock ticking, in the site's time zone and Vietnamese format.
(function () {
  "use strict";
  var el = document.getElementById("clock");
  if (!el) return;
  var epoch = parseInt(el.getAttribute("data-epoch"), 10);
  var offset = parseInt(el.getAttribute("data-offset"), 10);
  if (isNaN(epoch) || isNaN(offset)) return;
  var skew = Date.now() / 1000 - epoch;
  var days = ["Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function render() {
    var d = new Date((Date.now() / 1000 - skew + offset) * 1000);
    var h = d.getUTCHours(), h12 = h % 12 === 0 ? 12 : h % 12;
    el.textContent = days[d.getUTCDay()] + ", ngày " + d.getUTCDate() + " tháng " +
      (d.getUTCMonth() + 1) + " năm " + d.getUTCFullYear() + " - " + h12 + ":" +
      two(d.getUTCMinutes()) + ":" + two(d.getUTCSeconds()) + " " + (h < 12 ? "AM" : "PM");
  }
  setInterval(render, 1000);
}());
