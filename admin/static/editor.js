// The article editor: a Tiptap rich-text editor over the body textarea when the vendor bundle
// (vendor-editor.js, built by tools/editor.sh) is loaded; the plain textarea otherwise. Either way the
// form posts the textarea and the server sanitises it.
(function () {
  "use strict";

  var V = window.GazetteVendorEditor;

  // Pasted HTML from Word, Google Docs or a web page -> plain structural HTML --------------------

  var DROP = /^(script|style|meta|link|title|xml|head|iframe|object|embed|frame|frameset|noscript|template|svg|math|form|input|button|select|textarea|canvas|audio|video|source|track|base)$/;
  var UNWRAP = /^(span|font|section|article|header|footer|main|aside|nav|center|ins|del|label|bdi|bdo|wbr|big|tt|kbd|samp|var|dfn|abbr|time|small|mark|cite|q|address)$/;
  var KEEP_ATTRS = { a: ["href", "name", "id"], h2: ["id"], h3: ["id"], h4: ["id"], p: ["id"], img: ["src", "alt", "width", "height"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"], ol: ["start"] };
  var RENAME = { h1: "h2", h5: "h4", h6: "h4", b: "strong", i: "em", dir: "ul", menu: "ul" };

  function styleOf(el) {
    return (el.getAttribute("data-gz-style") || el.getAttribute("style") || "").toLowerCase();
  }

  // A DOMParser document inherits the page's Content-Security-Policy, which forbids inline styles:
  // Word's <style> blocks and style="" attributes would each log a violation while parsing. Drop
  // the blocks and keep the attributes under another name (the Word list detection reads them).
  function unstyled(html) {
    return html.replace(/<style\b[\s\S]*?<\/style\s*>/gi, "")
      .replace(/(<[a-zA-Z][^<>]*?\s)style(\s*=)/g, "$1data-gz-style$2");
  }

  function isEmptyBlock(el) {
    if (el.querySelector("img, table, hr, br + br")) return false;
    return el.textContent.replace(/[\s\u00a0\u200b]+/g, "") === "";
  }

  function unwrap(el) {
    var parent = el.parentNode;
    while (el.firstChild) parent.insertBefore(el.firstChild, el);
    parent.removeChild(el);
  }

  function rename(el, tag) {
    var n = el.ownerDocument.createElement(tag);
    while (el.firstChild) n.appendChild(el.firstChild);
    for (var i = 0; i < el.attributes.length; i++) {
      try { n.setAttribute(el.attributes[i].name, el.attributes[i].value); } catch (e) { /* bad name */ }
    }
    el.parentNode.replaceChild(n, el);
    return n;
  }

  function safeUrl(url, forImage) {
    var u = (url || "").trim();
    if (/^(https?:|mailto:|tel:)/i.test(u)) return u;
    if (/^[a-z][a-z0-9+.-]*:/i.test(u)) return null; // javascript:, file:, data:, vbscript:...
    if (forImage && u === "") return null;
    return u; // relative, #fragment
  }

  // Word writes list items as <p style="mso-list:l0 level2 lfo1"> with the marker in a span
  // styled mso-list:Ignore; turn each run of such paragraphs into (nested) lists.
  function wordLists(doc) {
    var paras = doc.body.querySelectorAll("p, h1, h2, h3, h4, h5, h6");
    var run = [];
    function flush() {
      if (!run.length) return;
      var stack = [];
      var anchor = run[0].el.parentNode.insertBefore(doc.createElement("div"), run[0].el);
      run.forEach(function (item) {
        while (stack.length > item.level) stack.pop();
        while (stack.length < item.level) {
          var list = doc.createElement(item.ordered ? "ol" : "ul");
          if (stack.length) {
            var parentList = stack[stack.length - 1];
            var last = parentList.lastElementChild || parentList.appendChild(doc.createElement("li"));
            last.appendChild(list);
          } else {
            anchor.parentNode.insertBefore(list, anchor);
          }
          stack.push(list);
        }
        var li = doc.createElement("li");
        while (item.el.firstChild) li.appendChild(item.el.firstChild);
        stack[stack.length - 1].appendChild(li);
        item.el.parentNode.removeChild(item.el);
      });
      anchor.parentNode.removeChild(anchor);
      run = [];
    }
    for (var i = 0; i < paras.length; i++) {
      var p = paras[i];
      var m = /mso-list:\s*l\d+\s+level(\d+)/.exec(styleOf(p));
      if (!m) { flush(); continue; }
      var marker = "";
      var ignore = p.querySelectorAll("span");
      for (var j = 0; j < ignore.length; j++) {
        if (/mso-list:\s*ignore/.test(styleOf(ignore[j]))) {
          marker += ignore[j].textContent;
          ignore[j].parentNode.removeChild(ignore[j]);
        }
      }
      var prev = run.length ? run[run.length - 1].el : null;
      if (prev && !adjacent(prev, p)) flush();
      run.push({ el: p, level: Math.min(parseInt(m[1], 10) || 1, 6),
        ordered: /^[\s\u00a0]*([0-9]+|[a-z]|[ivxlc]+)[.)]/i.test(marker) });
    }
    flush();
  }

  function adjacent(a, b) {
    var n = a.nextSibling;
    while (n && n.nodeType !== 1) {
      if (n.nodeType === 3 && n.textContent.trim() !== "") return false;
      n = n.nextSibling;
    }
    return n === b;
  }

  // One element, children first (so unwrapping never skips a node).
  function cleanElement(el) {
    var kids = Array.prototype.slice.call(el.childNodes);
    kids.forEach(function (k) {
      if (k.nodeType === 8 || k.nodeType === 7 || k.nodeType === 4) k.parentNode.removeChild(k);
      else if (k.nodeType === 1) cleanElement(k);
    });
    if (!el.parentNode || el.tagName === "BODY") return;
    var tag = el.tagName.toLowerCase();
    if (tag.indexOf(":") >= 0) { // o:p, w:sdt, v:shape, st1:place...
      if (/^v:/.test(tag)) el.parentNode.removeChild(el); else unwrap(el);
      return;
    }
    if (DROP.test(tag)) { el.parentNode.removeChild(el); return; }
    var style = styleOf(el);
    if (/display:\s*none|mso-hide:\s*all/.test(style)) { el.parentNode.removeChild(el); return; }
    // Google Docs: <b style="font-weight:normal" id="docs-internal-guid-..."> wraps everything.
    if (tag === "b" && /font-weight:\s*(normal|400)/.test(style)) { unwrap(el); return; }
    if (tag === "span" || tag === "font") {
      var inner = el;
      if (/font-weight:\s*(bold|[6-9]00)/.test(style)) inner = wrapKids(el, "strong");
      if (/font-style:\s*italic/.test(style)) wrapKids(inner, "em");
    }
    if (UNWRAP.test(tag)) { unwrap(el); return; }
    if (RENAME[tag]) el = rename(el, RENAME[tag]);
    if (tag === "div") el = rename(el, el.querySelector("p, div, h1, h2, h3, h4, h5, h6, ul, ol, table, blockquote, pre") ? "section" : "p");
    stripAttributes(el);
    tag = el.tagName.toLowerCase();
    if (tag === "section") { unwrap(el); return; }
    if (tag === "a") {
      var href = safeUrl(el.getAttribute("href"), false);
      if (href === null || href === "" || /^#_?(ftn|edn|msocom|toc)/i.test(href)) { unwrap(el); return; }
      el.setAttribute("href", href);
    }
    if (tag === "img") {
      var src = safeUrl(el.getAttribute("src"), true);
      if (src === null) { el.parentNode.removeChild(el); return; }
      el.setAttribute("src", src);
    }
    if (/^(p|h2|h3|h4|li|blockquote)$/.test(tag) && isEmptyBlock(el)) el.parentNode.removeChild(el);
  }

  function wrapKids(el, tag) {
    var w = el.ownerDocument.createElement(tag);
    while (el.firstChild) w.appendChild(el.firstChild);
    el.appendChild(w);
    return w;
  }

  function stripAttributes(el) {
    var keep = KEEP_ATTRS[el.tagName.toLowerCase()] || [];
    for (var i = el.attributes.length - 1; i >= 0; i--) {
      var name = el.attributes[i].name;
      if (keep.indexOf(name) < 0) el.removeAttribute(name);
    }
  }

  // The editor's own output -> what the form posts: without the table sizing styles, the column
  // groups that only carry them, and the empty paragraph kept after a table or at the end, and the paragraph
  // wrapped around each list item's or table cell's text.
  function tidy(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    Array.prototype.forEach.call(doc.body.querySelectorAll("colgroup"), function (c) { c.parentNode.removeChild(c); });
    Array.prototype.forEach.call(doc.body.querySelectorAll("[style]"), function (e) { e.removeAttribute("style"); });
    // <li><p>x</p></li> -> <li>x</li> when the item or cell has one paragraph.
    Array.prototype.forEach.call(doc.body.querySelectorAll("li, td, th"), function (c) {
      var ps = Array.prototype.filter.call(c.children, function (k) { return k.tagName === "P"; });
      if (ps.length === 1 && c.firstElementChild === ps[0]) unwrap(ps[0]);
    });
    var last = doc.body.lastElementChild;
    while (last && last.tagName === "P" && isEmptyBlock(last)) {
      var prev = last.previousElementSibling;
      last.parentNode.removeChild(last);
      last = prev;
    }
    return doc.body.innerHTML;
  }

  // Exported for the browser tests: the cleaning alone, without an editor.
  function cleanPastedHtml(html) {
    // DOMParser makes an inert document: nothing in it loads or runs.
    var doc = new DOMParser().parseFromString(unstyled(String(html)), "text/html");
    wordLists(doc);
    cleanElement(doc.body);
    return doc.body.innerHTML.replace(/(?:&nbsp;|\s)+(?=<\/(?:p|li|h[2-4]|td|th)>)/g, "").trim();
  }
  window.GazetteCleanPaste = cleanPastedHtml;

  // The editor -------------------------------------------------------------------------------

  var area = document.getElementById("body");
  if (!area || !V || typeof V.Editor !== "function") return;

  function el(tag, props) {
    var n = document.createElement(tag);
    for (var k in props) if (Object.prototype.hasOwnProperty.call(props, k)) n[k] = props[k];
    return n;
  }

  function promptUrl(message, current) {
    var v = window.prompt(message, current || "https://");
    if (v === null) return null;
    v = v.trim();
    if (v === "" || v === "https://") return "";
    return safeUrl(v, false) === null ? false : v;
  }

  var T = {
    toolbar: "Định dạng nội dung",
    paragraph: "Đoạn văn",
    h2: "Tiêu đề lớn (H2)", h3: "Tiêu đề vừa (H3)", h4: "Tiêu đề nhỏ (H4)",
    bold: "Đậm", italic: "Nghiêng", underline: "Gạch chân",
    bullet: "Danh sách", ordered: "Danh sách đánh số",
    quote: "Trích dẫn", link: "Liên kết", unlink: "Bỏ liên kết",
    table: "Chèn bảng", addRow: "Thêm hàng", addCol: "Thêm cột",
    delRow: "Xóa hàng", delCol: "Xóa cột", delTable: "Xóa bảng",
    image: "Chèn ảnh", caption: "Chú thích ảnh", undo: "Hoàn tác", redo: "Làm lại",
    captionPrompt: "Chú thích của ảnh (để trống để bỏ chú thích):",
    linkPrompt: "Địa chỉ liên kết (để trống để bỏ liên kết):",
    imagePrompt: "Địa chỉ ảnh (https://…):",
    altPrompt: "Mô tả ảnh cho người không xem được ảnh:",
    badUrl: "Địa chỉ không hợp lệ: chỉ dùng http://, https:// hoặc đường dẫn trong trang.",
    content: "Nội dung bài viết",
    library: "Thư viện ảnh",
    libraryEmpty: "Thư viện chưa có ảnh nào.",
    libraryError: "Không tải được thư viện ảnh.",
    upload: "Tải ảnh lên",
    uploading: "Đang tải lên…",
    uploadFailed: "Không tải ảnh lên được (lỗi {0}). Hãy thử lại.",
    uploadNetwork: "Không tải ảnh lên được: mất kết nối tới máy chủ. Hãy thử lại.",
    tooLarge: "Ảnh quá lớn: tối đa {0} MB",
    uploadsOff: "Tải ảnh lên đang tắt trên máy chủ.",
    more: "Xem thêm",
    byUrl: "Dùng địa chỉ ảnh khác…",
    close: "Đóng",
    alt: "Mô tả ảnh (cho người không xem được ảnh)",
    choose: "Chọn ảnh",
    embed: "Video nhúng", video: "Video", audio: "Âm thanh"
  };

  // The image dialog: the media library's images as thumbnails, an upload input (multipart POST
  // with the page's CSRF token) and, as a fallback, an address typed by hand.
  function mediaPicker(host, form, insert, byUrl) {
    var dlg = el("dialog", { className: "gz-picker" });
    dlg.setAttribute("aria-label", T.library);
    var head = el("h2", { textContent: T.library });
    var status = el("p", { className: "gz-picker-status" });
    status.setAttribute("role", "status");
    var altLabel = el("label", { textContent: T.alt });
    var alt = el("input", { type: "text", className: "gz-picker-alt" });
    altLabel.appendChild(alt);
    var grid = el("ul", { className: "gz-picker-grid" });
    var moreBtn = el("button", { type: "button", textContent: T.more, hidden: true });
    var upLabel = el("label", { className: "gz-picker-upload", textContent: T.upload + " " });
    var file = el("input", { type: "file", accept: "image/jpeg,image/png,image/gif,image/webp" });
    upLabel.appendChild(file);
    var urlBtn = el("button", { type: "button", textContent: T.byUrl });
    var closeBtn = el("button", { type: "button", textContent: T.close });
    var actions = el("p", { className: "gz-picker-actions" });
    [urlBtn, closeBtn].forEach(function (b) { actions.appendChild(b); });
    [head, upLabel, altLabel, status, grid, moreBtn, actions].forEach(function (n) { dlg.appendChild(n); });
    host.appendChild(dlg);
    var page = 1;
    var maxUpload = 0; /* bytes, from media.json */

    function csrf() {
      var f = (form && form.querySelector('input[name="csrf"]')) || document.querySelector('input[name="csrf"]');
      return f ? f.value : "";
    }
    function say(text) { status.textContent = text || ""; }
    function choose(item) {
      dlg.close();
      insert(item, alt.value.trim() || item.alt || ""); /* the library's own alt text by default */
      alt.value = "";
    }
    function tile(item) {
      var li = el("li", {});
      var b = el("button", { type: "button", className: "gz-picker-item", title: T.choose + ": " + item.name });
      var img = el("img", { src: item.thumb_url, alt: item.alt || item.name, loading: "lazy" });
      var cap = el("span", { textContent: item.width + "×" + item.height });
      b.appendChild(img);
      b.appendChild(cap);
      b.addEventListener("click", function () { choose(item); });
      li.appendChild(b);
      return li;
    }
    function load(reset) {
      if (reset) { page = 1; grid.textContent = ""; }
      say("");
      return fetch("/admin/media.json?page=" + page, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
        .then(function (d) {
          d.items.forEach(function (it) { grid.appendChild(tile(it)); });
          moreBtn.hidden = !d.more;
          upLabel.hidden = !d.uploads;
          if (d.max_upload) maxUpload = d.max_upload;
          if (!d.uploads) say(T.uploadsOff);
          else if (!grid.children.length) say(T.libraryEmpty);
        })
        .catch(function () { say(T.libraryError); });
    }
    moreBtn.addEventListener("click", function () { page++; load(false); });
    closeBtn.addEventListener("click", function () { dlg.close(); });
    urlBtn.addEventListener("click", function () { dlg.close(); byUrl(); });
    file.addEventListener("change", function () {
      if (!file.files || !file.files[0]) return;
      if (maxUpload && file.files[0].size > maxUpload) {
        /* refused here: the server would answer 413 without reading the file */
        file.value = "";
        say(T.tooLarge.replace("{0}", String(Math.round(maxUpload / 1048576))));
        return;
      }
      var fd = new FormData();
      fd.append("csrf", csrf());
      fd.append("file", file.files[0]);
      say(T.uploading);
      fetch("/admin/media", { method: "POST", body: fd, credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) {
          var failed = T.uploadFailed.replace("{0}", String(r.status));
          return r.json().catch(function () { return { error: failed }; })
            .then(function (d) { if (!r.ok) throw new Error(d.error || failed); return d; });
        }, function () { throw new Error(T.uploadNetwork); })
        .then(function (item) { file.value = ""; say(""); choose(item); })
        .catch(function (e) { file.value = ""; say(e.message); });
    });
    return {
      open: function () {
        load(true);
        dlg.showModal();
      }
    };
  }

  // What the sanitiser keeps and the toolbar does not make, so that saving an imported article
  // keeps it: embedded players (YouTube, Vimeo), video and audio with their sources, sub- and
  // superscripts (m², H₂O) and the alignment of centred or right-aligned text. The players show
  // as a box in the editor (the newsroom's pages load no video).
  function keptExtensions() {
    if (typeof V.Node !== "function" || typeof V.Mark !== "function") return [];
    function attrs(names) {
      var a = {};
      names.forEach(function (n) { a[n] = { default: null }; });
      return a;
    }
    function box(label) {
      return function (props) {
        var a = props.node.attrs;
        var src = a.src || (a.sources && a.sources.length ? a.sources[0].src : "");
        var dom = el("div", { className: "gz-player", textContent: label + ": " + src });
        dom.contentEditable = "false";
        return { dom: dom };
      };
    }
    function sources(node) {
      return Array.prototype.map.call(node.querySelectorAll("source[src]"), function (s) {
        return { src: s.getAttribute("src"), type: s.getAttribute("type") };
      });
    }
    function player(name, label, names) {
      return V.Node.create({
        name: name, group: "block", atom: true, draggable: true,
        addAttributes: function () {
          var a = attrs(names);
          a.sources = { default: [], rendered: false };
          return a;
        },
        parseHTML: function () {
          return [{ tag: name, getAttrs: function (n) {
            var a = { sources: sources(n) };
            names.forEach(function (k) { a[k] = n.getAttribute(k); });
            return a.src || a.sources.length ? a : false;
          } }];
        },
        renderHTML: function (props) {
          var out = [name, V.mergeAttributes(props.HTMLAttributes, { controls: "" })];
          props.node.attrs.sources.forEach(function (s) {
            out.push(["source", s.type ? { src: s.src, type: s.type } : { src: s.src }]);
          });
          return out;
        },
        addNodeView: function () { return box(label); }
      });
    }
    var embed = V.Node.create({
      name: "embed", group: "block", atom: true, draggable: true,
      addAttributes: function () { return attrs(["src", "width", "height", "title"]); },
      parseHTML: function () { return [{ tag: "iframe[src]" }]; },
      renderHTML: function (props) { return ["iframe", props.HTMLAttributes]; },
      addNodeView: function () { return box(T.embed); }
    });
    function mark(name, tag) {
      return V.Mark.create({
        name: name,
        parseHTML: function () { return [{ tag: tag }]; },
        renderHTML: function () { return [tag, 0]; }
      });
    }
    var align = V.Extension.create({
      name: "gzAlign",
      addGlobalAttributes: function () {
        return [{
          types: ["paragraph", "heading", "tableCell", "tableHeader"],
          attributes: { align: {
            default: null,
            parseHTML: function (n) {
              var m = /(?:^|\s)align-(center|right)(?:\s|$)/.exec(n.getAttribute("class") || "");
              return m ? m[1] : null;
            },
            renderHTML: function (a) { return a.align ? { "class": "align-" + a.align } : {}; }
          } }
        }];
      }
    });
    // In-page anchors: the ids the sanitiser keeps ("nd-…": a table of contents, Word's
    // footnotes) on blocks and links, so that saving an imported body keeps its "#…" links
    // landing. A block's id may come from an empty <a id> inside it (Word's bookmarks), which
    // the editor cannot hold on its own; a pasted link's from its old "name".
    var anchor = V.Extension.create({
      name: "gzAnchor",
      addGlobalAttributes: function () {
        function id(fromChild) {
          return {
            default: null,
            parseHTML: function (n) {
              var v = n.getAttribute("id") || (n.tagName === "A" ? n.getAttribute("name") : null);
              if (!v && fromChild) {
                var a = n.querySelector("a[id]:not([href]), a[name]:not([href])");
                v = a ? a.getAttribute("id") || a.getAttribute("name") : null;
              }
              return v || null;
            },
            renderHTML: function (a) { return a.id ? { id: a.id } : {}; }
          };
        }
        return [
          { types: ["paragraph", "heading", "tableCell", "tableHeader"], attributes: { id: id(true) } },
          { types: ["link"], attributes: { id: id(false) } }
        ];
      }
    });
    return [embed, player("video", T.video, ["src", "poster", "width", "height"]),
      player("audio", T.audio, ["src"]), mark("subscript", "sub"), mark("superscript", "sup"), align,
      anchor];
  }

  function createEditor() {
    var wrap = el("div", { className: "gz-editor" });
    var bar = el("div", { className: "gz-toolbar" });
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", T.toolbar);
    var mount = el("div", { className: "gz-content" });
    wrap.appendChild(bar);
    wrap.appendChild(mount);
    area.parentNode.insertBefore(wrap, area);
    area.hidden = true;

    var label = document.querySelector('label[for="body"]');
    if (label && !label.id) label.id = "body-label";

    var editor = new V.Editor({
      element: mount,
      content: area.value,
      injectCSS: false,
      extensions: [
        V.StarterKit.configure({
          heading: { levels: [2, 3, 4] },
          // autolink off: Tiptap makes the link mark inclusive when it is on, so that text typed
          // right after a link would become part of it.
          link: { openOnClick: false, autolink: false, linkOnPaste: true, defaultProtocol: "https",
            HTMLAttributes: { rel: null, target: null, class: null } }
        }),
        // Images keep their width and height (from the media library) so pages do not jump, and a
        // caption: <figure><img><figcaption>…</figcaption></figure> (the sanitiser keeps both).
        V.Image.extend({
          addAttributes: function () {
            var base = this.parent ? this.parent() : {};
            base.width = { default: null };
            base.height = { default: null };
            base.caption = { default: "", rendered: false };
            return base;
          },
          parseHTML: function () {
            return [{
              tag: "figure",
              getAttrs: function (fig) {
                var img = fig.querySelector("img[src]");
                if (!img) return false;
                var cap = fig.querySelector("figcaption");
                return { src: img.getAttribute("src"), alt: img.getAttribute("alt") || "",
                  width: img.getAttribute("width"), height: img.getAttribute("height"),
                  caption: cap ? cap.textContent.trim() : "" };
              }
            }, { tag: "img[src]" }];
          },
          renderHTML: function (props) {
            var img = ["img", V.mergeAttributes(this.options.HTMLAttributes, props.HTMLAttributes)];
            var cap = props.node.attrs.caption;
            return cap ? ["figure", {}, img, ["figcaption", {}, cap]] : img;
          }
        }).configure({ inline: false, allowBase64: false }),
        // Tables without the inline sizing styles Tiptap writes (CSP: style-src 'self').
        V.Table.extend({
          renderHTML: function (props) {
            return ["table", V.mergeAttributes(this.options.HTMLAttributes, props.HTMLAttributes), ["tbody", 0]];
          }
        }).configure({ resizable: false }),
        V.TableRow, V.TableHeader, V.TableCell
      ].concat(keptExtensions()),
      editorProps: {
        attributes: { "aria-labelledby": label ? label.id : "", "aria-label": T.content,
          "aria-multiline": "true", role: "textbox", spellcheck: "true", lang: "vi" },
        transformPastedHTML: cleanPastedHtml
      },
      onUpdate: sync,
      onTransaction: refresh
    });

    function sync() {
      area.value = editor.isEmpty ? "" : tidy(editor.getHTML());
    }

    var buttons = [];
    function button(key, text, run, active, enabled) {
      // The accessible name is the full label, in the button's own text (visually hidden) rather
      // than an aria-label that the short visible symbol would contradict (axe:
      // label-content-name-mismatch); the symbol itself is hidden from assistive technology.
      var b = el("button", { type: "button", className: "gz-btn gz-" + key, title: T[key] });
      var sym = el("span", { textContent: text });
      sym.setAttribute("aria-hidden", "true");
      b.appendChild(sym);
      b.appendChild(el("span", { className: "visually-hidden", textContent: T[key] }));
      b.dataset.cmd = key;
      b.addEventListener("mousedown", function (e) { e.preventDefault(); }); // keep the selection
      b.addEventListener("click", function () { run(); editor.commands.focus(); refresh(); });
      if (active) b.setAttribute("aria-pressed", "false");
      bar.appendChild(b);
      buttons.push({ el: b, active: active, enabled: enabled });
    }
    function sep() { bar.appendChild(el("span", { className: "gz-sep" })); }
    function chain() { return editor.chain().focus(); }
    function isActive(name, attrs) { return function () { return editor.isActive(name, attrs); }; }
    function inTable() { return editor.isActive("table"); }

    button("paragraph", "¶", function () { chain().setParagraph().run(); }, isActive("paragraph"));
    [2, 3, 4].forEach(function (lv) {
      button("h" + lv, "H" + lv, function () { chain().toggleHeading({ level: lv }).run(); }, isActive("heading", { level: lv }));
    });
    sep();
    button("bold", "Đ", function () { chain().toggleBold().run(); }, isActive("bold"));
    button("italic", "N", function () { chain().toggleItalic().run(); }, isActive("italic"));
    button("underline", "G", function () { chain().toggleUnderline().run(); }, isActive("underline"));
    sep();
    button("bullet", "• —", function () { chain().toggleBulletList().run(); }, isActive("bulletList"));
    button("ordered", "1. —", function () { chain().toggleOrderedList().run(); }, isActive("orderedList"));
    button("quote", "❝", function () { chain().toggleBlockquote().run(); }, isActive("blockquote"));
    sep();
    button("link", "Liên kết", function () {
      var url = promptUrl(T.linkPrompt, editor.getAttributes("link").href);
      if (url === null) return;
      if (url === false) { window.alert(T.badUrl); return; }
      if (url === "") chain().extendMarkRange("link").unsetLink().run();
      else chain().extendMarkRange("link").setLink({ href: url }).run();
    }, isActive("link"));
    button("unlink", "Bỏ liên kết", function () { chain().extendMarkRange("link").unsetLink().run(); }, null,
      isActive("link"));
    function imageByUrl() {
      var src = promptUrl(T.imagePrompt, "");
      if (!src) { if (src === false) window.alert(T.badUrl); return; }
      var alt = window.prompt(T.altPrompt, "");
      chain().setImage({ src: src, alt: alt || "" }).run();
    }
    var picker = null;
    button("image", "Ảnh", function () {
      if (typeof window.fetch !== "function" || typeof HTMLDialogElement === "undefined") {
        imageByUrl();
        return;
      }
      if (!picker) picker = mediaPicker(wrap, area.form, function (item, alt) {
        var attrs = { src: item.url, alt: alt };
        if (item.caption) attrs.caption = item.caption; /* the library's caption under the photo */
        if (item.width) attrs.width = String(item.width);
        if (item.height) attrs.height = String(item.height);
        chain().setImage(attrs).run();
        sync();
      }, imageByUrl);
      picker.open();
    });
    button("caption", "Chú thích", function () {
      var cur = editor.getAttributes("image").caption || "";
      var text = window.prompt(T.captionPrompt, cur);
      if (text === null) return;
      chain().updateAttributes("image", { caption: text.trim() }).run();
      sync();
    }, null, isActive("image"));
    sep();
    button("table", "Bảng", function () { chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(); });
    button("addRow", "+ Hàng", function () { chain().addRowAfter().run(); }, null, inTable);
    button("addCol", "+ Cột", function () { chain().addColumnAfter().run(); }, null, inTable);
    button("delRow", "− Hàng", function () { chain().deleteRow().run(); }, null, inTable);
    button("delCol", "− Cột", function () { chain().deleteColumn().run(); }, null, inTable);
    button("delTable", "Xóa bảng", function () { chain().deleteTable().run(); }, null, inTable);
    sep();
    button("undo", "↶", function () { chain().undo().run(); }, null, function () { return editor.can().undo(); });
    button("redo", "↷", function () { chain().redo().run(); }, null, function () { return editor.can().redo(); });

    function refresh() {
      if (!editor || editor.isDestroyed) return;
      buttons.forEach(function (b) {
        if (b.active) b.el.setAttribute("aria-pressed", b.active() ? "true" : "false");
        if (b.enabled) b.el.disabled = !b.enabled();
      });
    }

    var form = area.form;
    if (form) {
      form.addEventListener("submit", sync);
      form.addEventListener("formdata", sync);
    }
    sync();
    refresh();
    wrap.dataset.ready = "1";
    return editor;
  }

  window.GazetteEditor = createEditor;
  window.gazetteEditor = createEditor();
}());
