/* Unit tests of the HTML sanitiser: known vectors, the XSS corpus, benign markup, idempotence. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <gumbo.h>
#include <jansson.h>

#include "core/buf.h"
#include "sanitize/sanitize-int.h"
#include "sanitize/sanitize.h"

static const char *corpus_path;
static const char *fuzz_corpus_path; /* tests/fuzz/corpus/sanitize */
static char **template_dirs;         /* theme/templates, admin/templates */
static int n_template_dirs;
static size_t texts_compared;

struct row {
	const char *in;
	const char *want;
};

/* Attack vectors: what must go, and the exact output that remains. */
static const struct row vectors[] = {
    {"<script>alert(1)</script>", ""},
    {"a<script>alert(1)</script>b", "ab"},
    {"<img src=x onerror=alert(1)>", "<img src=\"x\" loading=\"lazy\">"},
    {"<a href=\"javascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"JaVaScRiPt:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"jav&#x0A;ascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"jav\nascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
     "<a>x</a>"},
    {"<a href=\"javascript&colon;alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"  javascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"&#1;javascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"vbscript:msgbox(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"&#x2000;javascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"&#xA0;&#xFEFF;javascript:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"java&#x3000;script:alert(1)\">x</a>", "<a>x</a>"},
    {"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>", "<a>x</a>"},
    {"<a href=\"file:///etc/passwd\">x</a>", "<a>x</a>"},
    {"<svg onload=alert(1)>", ""},
    {"<svg><script>alert(1)</script></svg>after", "after"},
    {"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ""},
    {"<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) "
     "src=1>\">",
     ""},
    {"<style>body{background:url(javascript:alert(1))}</style>x", "x"},
    {"<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>", ""},
    /* video players of the allowlist only, always sandboxed, their content never written */
    {"<iframe src=\"https://www.youtube.com/embed/abc_DEF-12?start=30\" onload=\"x()\" "
     "sandbox=\"allow-top-navigation\">fallback <script>x()</script></iframe>",
     "<iframe src=\"https://www.youtube.com/embed/abc_DEF-12?start=30\" title=\"Video nhúng\" "
     "sandbox=\"allow-scripts "
     "allow-same-origin allow-presentation allow-popups\" allowfullscreen loading=\"lazy\" "
     "referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>"},
    {"<iframe src=\"HTTPS://player.vimeo.com/video/123\" width=\"640\" height=\"360\"></iframe>",
     "<iframe src=\"https://player.vimeo.com/video/123\" width=\"640\" height=\"360\" "
     "title=\"Video nhúng\" sandbox=\"allow-scripts allow-same-origin allow-presentation "
     "allow-popups\" allowfullscreen "
     "loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>"},
    {"<iframe src=\"https://www.youtube.com/embed/a1\" title=\"Lễ hội\"></iframe>",
     "<iframe src=\"https://www.youtube.com/embed/a1\" title=\"Lễ hội\" sandbox=\"allow-scripts "
     "allow-same-origin allow-presentation allow-popups\" allowfullscreen loading=\"lazy\" "
     "referrerpolicy=\"strict-origin-when-cross-origin\"></iframe>"},
    {"<iframe src=\"https://evil.example/embed/x\"></iframe>", ""},
    {"<iframe src=\"https://www.youtube.com.evil.example/embed/x\"></iframe>", ""},
    {"<iframe src=\"https://www.youtube.com/embed/../../x\"></iframe>", ""},
    {"<iframe src=\"https://www.youtube.com/embed/x/\"></iframe>", ""},
    {"<iframe src=\"javascript:alert(1)\"></iframe>", ""},
    {"<iframe src=\"data:text/html,<script>alert(1)</script>\"></iframe>", ""},
    {"<iframe>no src</iframe>", ""},
    {"<form action=\"javascript:alert(1)\"><input type=submit></form>", ""},
    {"<p title='x\" onmouseover=\"alert(1)'>t</p>",
     "<p title=\"x&quot; onmouseover=&quot;alert(1)\">t</p>"},
    {"<p onclick=alert(1) class=c id=i style=\"color:red\" name=n>t</p>", "<p id=\"nd-i\">t</p>"},
    {"<div><b><i>unclosed", "<div><b><i>unclosed</i></b></div>"},
    {"<!--><script>alert(1)</script>-->", "--&gt;"},
    {"<!-- comment -->x", "x"},
    {"<![CDATA[<script>alert(1)</script>]]>", "alert(1)]]&gt;"},
    {"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">", ""},
    {"<div style=\"width:expression(alert(1))\">x</div>", "<div>x</div>"},
    {"<base href=\"javascript:/\"><a href=\"x\">y</a>", "<a href=\"x\">y</a>"},
    {"<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">x", "x"},
    {"<object data=\"javascript:alert(1)\"></object><embed src=x>", ""},
    {"<template><script>alert(1)</script></template>x", "x"},
    {"<xmp><img src=x onerror=alert(1)></xmp>", ""},
    {"<a href=\"x\" target=\"_blank\" rel=\"opener\">y</a>", "<a href=\"x\">y</a>"},
    {"<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"p\">",
     "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"p\" loading=\"lazy\">"},
    {"<img src=\"data:image/svg+xml;base64,PHN2Zz4=\">", ""},
    {"<img src=\"data:text/html,<script>\">", ""},
    {"<img src=\"mailto:a@b\">", ""},
    {"<blockquote cite=\"javascript:alert(1)\">q</blockquote>", "<blockquote>q</blockquote>"},
    {"<q cite=\"https://x.vn/a\">q</q>", "<q cite=\"https://x.vn/a\">q</q>"},
    {"<img src=x width=\"100px\" height=\"12345\">", "<img src=\"x\" loading=\"lazy\">"},
    {"<p dir=\"RTL\" lang=\"vi\">x</p>", "<p lang=\"vi\" dir=\"rtl\">x</p>"},
    {"<p dir=\"sideways\" lang=\"x y\">x</p>", "<p>x</p>"},
    {"<a href=\"a\">1<a href=\"b\">2</a></a>", "<a href=\"a\">1</a><a href=\"b\">2</a>"},
    {"<font color=red><center>old</center></font>", "<div class=\"align-center\">old</div>"},
    {"<section><article>t</article></section>", "t"},
    {"<custom-el onclick=x>c</custom-el>", "c"},
    {"<h1>Title</h1>", "<h2>Title</h2>"},
    {"<table><tr><td colspan=\"2\" rowspan=\"0\">x</td><th scope=\"COL\" colspan=\"1000\">y</th>"
     "</tr></table>",
     "<table><tbody><tr><td colspan=\"2\">x</td><th scope=\"col\">y</th></tr></tbody></table>"},
    {"<ol start=\"-3\" reversed type=\"i\"><li value=\"07\">a</li></ol>",
     "<ol start=\"-3\" reversed type=\"i\"><li value=\"7\">a</li></ol>"},
    {"<ol type=\"disc\" start=\"x\"><li value=\"1.5\">a</li></ol>", "<ol><li>a</li></ol>"},
    {"<time datetime=\"2024-01-02\">2/1</time>", "<time datetime=\"2024-01-02\">2/1</time>"},
    {"<col span=\"2\"><colgroup span=\"x\">", ""},
    {"<table><colgroup span=\"2\"><col span=\"3\"></colgroup></table>",
     "<table><colgroup span=\"2\"><col span=\"3\"></colgroup></table>"},
    {"<pre>\n\ncode</pre>", "<pre>\n\ncode</pre>"},
    {"<pre>\ncode</pre>", "<pre>code</pre>"},
    {"<pre><b>\nx</b></pre>", "<pre><b>\nx</b></pre>"},
    {"<pre><font>\nx</font></pre>", "<pre>\n\nx</pre>"},
    {"<p>&#x338;x =&#x338; &gt;\xcc\xb8</p>", "<p>&#x338;x \xe2\x89\xa0 \xe2\x89\xaf</p>"},
    {"<a href=\" https://x.vn/a b \">x</a>", "<a href=\"https://x.vn/a%20b\">x</a>"},
    {"<a href=\"HTTPS://x.vn\">x</a><a href=\"mailto:a@b.vn\">m</a><a href=\"tel:+84\">t</a>",
     "<a href=\"HTTPS://x.vn\">x</a><a href=\"mailto:a@b.vn\">m</a><a href=\"tel:+84\">t</a>"},
    {"<a href=\"?q=1&amp;r=2#f\">x</a>", "<a href=\"?q=1&amp;r=2#f\">x</a>"},
    {"<a href=\"//x.vn/p\">x</a>", "<a href=\"//x.vn/p\">x</a>"},
    {"a &lt; b &amp;&amp; c &gt; d \"q\" 's'",
     "a &lt; b &amp;&amp; c &gt; d &quot;q&quot; &#39;s&#39;"},
    {"x&nbsp;y", "x\xc2\xa0y"},
    {"<br/><br></br><hr/>", "<br><br><br><hr>"},
    {"a&#1;b\x01"
     "c&#x81;d&#13;e",
     "a\xef\xbf\xbd"
     "b\xef\xbf\xbd"
     "c\xef\xbf\xbd"
     "d\ne"},
    {"e<font>&#x301;</font> a<script>x</script>&#x301;", "\xc3\xa9 \xc3\xa1"},
    {"<p>&gt;<font>&#x338;</font></p>", "<p>\xe2\x89\xaf</p>"},
    {"<p>a\r\nb\rc</p>", "<p>a\nb\nc</p>"},
    {"<h2><article><h3>x</h3></article></h2>", "<h2></h2><h3>x</h3>"},
    {"<p><table><tr><td>x</td></tr></table></p>",
     "<p></p><table><tbody><tr><td>x</td></tr></tbody></table><p></p>"},
    {"<select><option>x</option></select>y", "y"},
    {"<textarea><script>alert(1)</script></textarea>", ""},
    {"<plaintext><script>alert(1)</script>", ""},
    {"<listing>\nx</listing>", "x"},
    {"<image src=\"y\">", "<img src=\"y\" loading=\"lazy\">"},
    {"", ""},
};

/* Benign markup that must keep its content and structure. */
static const struct row benign[] = {
    {"<p>Một đoạn văn.</p><p>Đoạn hai.</p>", "<p>Một đoạn văn.</p><p>Đoạn hai.</p>"},
    {"<p>Vie\xcc\x82\xcc\xa3t Nam</p>", "<p>Việt Nam</p>"},
    {"<p title=\"Vie\xcc\x82\xcc\xa3t\">x</p>", "<p title=\"Việt\">x</p>"},
    {"<ul><li>một</li><li>hai</li></ul><ol><li>a</li></ol>",
     "<ul><li>một</li><li>hai</li></ul><ol><li>a</li></ol>"},
    {"<dl><dt>t</dt><dd>d</dd></dl>", "<dl><dt>t</dt><dd>d</dd></dl>"},
    {"<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr>"
     "</tbody><tfoot><tr><td>f</td></tr></tfoot></table>",
     "<table><caption>c</caption><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr>"
     "</tbody><tfoot><tr><td>f</td></tr></tfoot></table>"},
    {"<a href=\"https://vnexpress.net/a.html\" title=\"t\">link</a> <a href=\"http://x.vn\">h</a>",
     "<a href=\"https://vnexpress.net/a.html\" title=\"t\">link</a> <a href=\"http://x.vn\">h</a>"},
    {"<figure><img src=\"/media/a.jpg\" alt=\"Ảnh\" width=\"640\" height=\"480\"><figcaption>Chú "
     "thích</figcaption></figure>",
     "<figure><img src=\"/media/a.jpg\" alt=\"Ảnh\" width=\"640\" height=\"480\" "
     "loading=\"lazy\"><figcaption>Chú thích</figcaption></figure>"},
    {"<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6>",
     "<h2>a</h2><h3>b</h3><h4>c</h4><h5>d</h5><h6>e</h6>"},
    {"<p><strong>s</strong><b>b</b><em>e</em><i>i</i><u>u</u><s>s</s><sub>1</sub><sup>2</sup>"
     "<small>m</small><mark>k</mark><code>c</code><cite>t</cite><abbr title=\"t\">a</abbr>"
     "<span>s</span></p>",
     "<p><strong>s</strong><b>b</b><em>e</em><i>i</i><u>u</u><s>s</s><sub>1</sub><sup>2</sup>"
     "<small>m</small><mark>k</mark><code>c</code><cite>t</cite><abbr title=\"t\">a</abbr>"
     "<span>s</span></p>"},
    {"<blockquote><p>q</p></blockquote>\n<p>  spaced   text  </p>\n",
     "<blockquote><p>q</p></blockquote>\n<p>  spaced   text  </p>\n"},
};

#define GIF "data:image/gif;base64,R0lGODlhAQABAAAAACw="
#define SANDBOX                                                                                    \
	" title=\"Video nhúng\" sandbox=\"allow-scripts allow-same-origin allow-presentation "    \
	"allow-popups\" "                                                                          \
	"allowfullscreen loading=\"lazy\" referrerpolicy=\"strict-origin-when-cross-origin\""

/* Markup as news sites, old CMSs and word processors write it (hand-written in their patterns):
 * what a reader saw there must be what remains. */
static const struct row real_world[] = {
    /* Word's settings printed as text by an editor that stripped its <xml> and <style> */
    {"<p>Normal 0 false false false EN-US X-NONE X-NONE MicrosoftInternetExplorer4 /* Style "
     "Definitions */ table.MsoNormalTable {mso-style-name:\"Table Normal\"; font-size:10.0pt;}"
     " p.MsoNormal, li.MsoNormal {margin:0cm;} Hà Nội, ngày 5</p>",
     "<p>Hà Nội, ngày 5</p>"},
    {"<div>Mở đầu. Normal\n0\n\nfalse\nfalse\nfalse\n\nVI\nX-NONE\nX-NONE<br>Tiếp</div>",
     "<div>Mở đầu. <br>Tiếp</div>"},
    {"<p>Normal 0 là một chế độ; Normal 0 false thôi.</p>",
     "<p>Normal 0 là một chế độ; Normal 0 false thôi.</p>"},
    /* Word's data islands outside a conditional comment: settings, not text */
    {"<xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom><w:TrackMoves>false"
     "</w:TrackMoves></w:WordDocument></xml><p>Nội dung</p><XML>x</XML>",
     "<p>Nội dung</p>"},
    /* lazy loaders: the real image is in data-src and its kin, src holds a placeholder */
    {"<img class=\"lazy\" src=\"" GIF
     "\" data-src=\"https://cdn.vn/a.jpg?w=680&amp;s=X\" alt=\"A\">",
     "<img src=\"https://cdn.vn/a.jpg?w=680&amp;s=X\" alt=\"A\" loading=\"lazy\">"},
    {"<img src=\"/grey.gif\" data-original=\"/uploads/b.jpg\" width=\"600\">",
     "<img src=\"/uploads/b.jpg\" width=\"600\" loading=\"lazy\">"},
    {"<img src=\"" GIF "\" data-lazy-src=\"/c.jpg\"><noscript><img src=\"/c.jpg\"></noscript>",
     "<img src=\"/c.jpg\" loading=\"lazy\">"},
    {"<img srcset=\"/d-300.jpg 300w, /d-1024.jpg 1024w,/d-768.jpg 768w\" alt=\"D\">",
     "<img src=\"/d-1024.jpg\" alt=\"D\" loading=\"lazy\">"},
    {"<img src=\"" GIF "\" data-srcset=\"/e.jpg 1x, /e2.jpg 2x\">",
     "<img src=\"/e2.jpg\" loading=\"lazy\">"},
    {"<img data-src=\"javascript:alert(1)\" src=\"/f.jpg\">",
     "<img src=\"/f.jpg\" loading=\"lazy\">"},
    {"<picture><source srcset=\"/g.webp\" type=\"image/webp\"><img src=\"/g.jpg\"></picture>",
     "<img src=\"/g.jpg\" loading=\"lazy\">"},
    /* an image with nothing to show (Word's file:/// clip, no src) would be a broken box */
    {"<p><img width=\"120\" height=\"80\" src=\"file:///C:/Temp/clip_image002.jpg\">x</p>",
     "<p>x</p>"},
    {"<img alt=\"no source\">", ""},
    /* players as old editors wrote their URLs */
    {"<iframe src=\"//www.youtube.com/embed/abc\"></iframe>",
     "<iframe src=\"https://www.youtube.com/embed/abc\"" SANDBOX "></iframe>"},
    {"<iframe src=\"http://www.youtube.com/embed/abc?rel=0\"></iframe>",
     "<iframe src=\"https://www.youtube.com/embed/abc?rel=0\"" SANDBOX "></iframe>"},
    {"<iframe src=\"https://youtube.com/embed/abc\"></iframe>",
     "<iframe src=\"https://www.youtube.com/embed/abc\"" SANDBOX "></iframe>"},
    {"<iframe src=\"//player.vimeo.com/video/1\"></iframe>",
     "<iframe src=\"https://player.vimeo.com/video/1\"" SANDBOX "></iframe>"},
    {"<iframe src=\"//www.youtube.com.evil.vn/embed/abc\"></iframe>", ""},
    {"<iframe src=\"http://youtube.com/embed/../x\"></iframe>", ""},
    /* video and audio with their sources; the fallback text is not for readers who have a player */
    {"<video controls width=\"640\" poster=\"/p.jpg\" autoplay onplay=\"x()\"><source "
     "src=\"/v.mp4\" "
     "type=\"video/mp4\"><track src=\"/t.vtt\">Trình duyệt không hỗ trợ video.</video>",
     "<video width=\"640\" poster=\"/p.jpg\" controls preload=\"metadata\"><source "
     "src=\"/v.mp4\" type=\"video/mp4\"></video>"},
    {"<audio src=\"https://x.vn/b.mp3\">Không hỗ trợ</audio>",
     "<audio src=\"https://x.vn/b.mp3\" controls preload=\"metadata\"></audio>"},
    {"<video><source src=\"javascript:alert(1)\"><source src=\"data:video/mp4;base64,AA\">"
     "Không hỗ trợ</video>",
     ""},
    {"<video src=\"/v.mp4\"><source src=\"javascript:x()\" type=\"text/html\"></video>",
     "<video src=\"/v.mp4\" controls preload=\"metadata\"></video>"},
    {"<source src=\"/loose.mp4\"><p>x</p>", "<p>x</p>"},
    /* crossed-out and inserted text keep their meaning */
    {"<p><strike>cũ</strike> <del datetime=\"2021-03-02\">bỏ</del> <ins>mới</ins></p>",
     "<p><s>cũ</s> <del datetime=\"2021-03-02\">bỏ</del> <ins>mới</ins></p>"},
    /* alignment of titles, dates and signatures (styles go, their meaning stays as a class) */
    {"<p style=\"text-align:center\"><b>THÔNG BÁO</b></p><p align=\"right\">Ngày 2</p>"
     "<p style=\"TEXT-ALIGN: right !important; color:red\">HC</p><p "
     "style=\"text-align:justify\">j</p>",
     "<p class=\"align-center\"><b>THÔNG BÁO</b></p><p class=\"align-right\">Ngày 2</p>"
     "<p class=\"align-right\">HC</p><p>j</p>"},
    {"<center><img src=\"/a.jpg\"><br><i>Ảnh</i></center>",
     "<div class=\"align-center\"><img src=\"/a.jpg\" loading=\"lazy\"><br><i>Ảnh</i></div>"},
    {"<table><tr><td align=\"center\" class=\"x\">1</td><th "
     "style=\"text-align:right\">2</th></tr></table>",
     "<table><tbody><tr><td class=\"align-center\">1</td><th class=\"align-right\">2</th></tr>"
     "</tbody></table>"},
    {"<span style=\"text-align:center\">s</span><p class=\"align-left x\">p</p>",
     "<span>s</span><p>p</p>"},
    /* what was hidden where it came from stays hidden (tickers, ad slots) */
    {"<p>a</p><div style=\"display: none\">FPT: giá</div><p hidden>h</p><span "
     "style=\"visibility:hidden\">v</span><p style=\"display:block\">b</p>",
     "<p>a</p><p>b</p>"},
    /* TCVN3 and VNI text under their fonts becomes Unicode; the .VnTimeH fonts show capitals */
    {"<p><font face=\".VnTime\">Quy\xc3\x95t \xc2\xae\xc3\x9enh s\xc3\xa8 12/Q\xc2\xa7-TTg</font> "
     "c\xc3\xb3 d\xe1\xba\xa5u</p>",
     "<p>Quyết định số 12/QĐ-TTg có dấu</p>"},
    {"<p><span style=\"font-family:&quot;.VnTimeH&quot;,serif\">Quy\xc3\x95t "
     "\xc2\xae\xc3\x9enh</span></p>",
     "<p><span>QUYẾT ĐỊNH</span></p>"},
    {"<p><font face=\".VnTime\">Ngày tháng</font></p>", "<p>Ngày tháng</p>"},
};

/* In-page anchors: ids under the prefix "nd-", "#name" links rewritten to meet them (Word's and
 * LibreOffice's footnotes, tables of contents), each id once. anchors_land checks every "#" link
 * of these rows lands on an id of the same body. */
static const struct row anchors[] = {
    /* a table of contents */
    {"<p><a href=\"#muc-1\">Mục 1</a></p><h2 id=\"muc-1\">Mục 1</h2>",
     "<p><a href=\"#nd-muc-1\">Mục 1</a></p><h2 id=\"nd-muc-1\">Mục 1</h2>"},
    /* Word's footnotes, as it saves them as HTML: a pair of <a name> that link to each other */
    {"<p class=MsoNormal>Luật số 12<a style='mso-footnote-id:ftn1' href=\"#_ftn1\" "
     "name=\"_ftnref1\" title=\"\"><span class=MsoFootnoteReference><![if !supportFootnotes]><span "
     "class=MsoFootnoteReference><span style='font-size:13.0pt'>[1]</span></span><![endif]></span>"
     "</a></p><div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all><hr "
     "align=left size=1 width=\"33%\"><![endif]><div style='mso-element:footnote' id=ftn1><p "
     "class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href=\"#_ftnref1\" name=\"_ftn1\" "
     "title=\"\"><span class=MsoFootnoteReference><span style='font-size:10.0pt'>[1]</span></span>"
     "</a> Chú thích một.</p></div></div>",
     "<p>Luật số 12<a id=\"nd-_ftnref1\" href=\"#nd-_ftn1\" title=\"\"><span><span><span>[1]"
     "</span></span></span></a></p><div><br><hr><div id=\"nd-ftn1\"><p><a id=\"nd-_ftn1\" "
     "href=\"#nd-_ftnref1\" title=\"\"><span><span>[1]</span></span></a> Chú thích một.</p></div>"
     "</div>"},
    /* LibreOffice's footnotes; Word's headings of a table of contents */
    {"<p>Đoạn<a class=\"sdfootnoteanc\" name=\"sdfootnote1anc\" href=\"#sdfootnote1sym\"><sup>1"
     "</sup></a></p><div id=\"sdfootnote1\"><p class=\"sdfootnote\"><a class=\"sdfootnotesym\" "
     "name=\"sdfootnote1sym\" href=\"#sdfootnote1anc\">1</a>Ghi chú</p></div>",
     "<p>Đoạn<a id=\"nd-sdfootnote1anc\" href=\"#nd-sdfootnote1sym\"><sup>1</sup></a></p><div "
     "id=\"nd-sdfootnote1\"><p><a id=\"nd-sdfootnote1sym\" href=\"#nd-sdfootnote1anc\">1</a>Ghi "
     "chú</p></div>"},
    {"<p class=MsoToc1><a href=\"#_Toc123456\">Chương I</a></p><h1><a "
     "name=\"_Toc123456\"></a>Chương I</h1>",
     "<p><a href=\"#nd-_Toc123456\">Chương I</a></p><h2><a id=\"nd-_Toc123456\"></a>Chương I</h2>"},
    /* Vietnamese names, percent-encoded, decomposed, with spaces: each side meets the other */
    {"<p><a href=\"#%C4%90i%E1%BB%81u_1\">1</a> <a href=\"#Điều 2\">2</a> <a "
     "href=\"#Vie%CC%A3%CC%82t\">3</a></p><h3 id=\"Điều_1\">1</h3><h3 "
     "id=\"%C4%90i%E1%BB%81u%202\">2</h3><p id=\"Vie\xcc\xa3\xcc\x82t\">3</p>",
     "<p><a href=\"#nd-Điều_1\">1</a> <a href=\"#nd-Điều_2\">2</a> <a "
     "href=\"#nd-Việt\">3</a></p><h3 id=\"nd-Điều_1\">1</h3><h3 id=\"nd-Điều_2\">2</h3><p "
     "id=\"nd-Việt\">3</p>"},
    /* an id once: the first keeps it; an id and a name: the id */
    {"<h2 id=\"a\">1</h2><h3 id=\"a\">2</h3><p><a name=\"a\">3</a> <a name=\"nd-a\">4</a> <a "
     "id=\"b\" name=\"c\" href=\"#a\">5</a></p>",
     "<h2 id=\"nd-a\">1</h2><h3>2</h3><p><a>3</a> <a>4</a> <a id=\"nd-b\" "
     "href=\"#nd-a\">5</a></p>"},
    /* ids of the page around the body, the browser's named properties, markup in an id */
    {"<div id=\"main\">x</div><img name=\"cookie\" src=\"/a.jpg\"><a name=\"location\">c</a><p "
     "id=\"x onclick=y\">t</p><p id=z onclick=y>u</p><form id=\"search\"><input "
     "name=\"cookie\"></form><p id=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\">v</p>",
     "<div id=\"nd-main\">x</div><img src=\"/a.jpg\" loading=\"lazy\"><a id=\"nd-location\">c</a>"
     "<p id=\"nd-x_onclick_y\">t</p><p id=\"nd-z\">u</p><p "
     "id=\"nd-_img_src_x_onerror_alert_1_\">v</p>"},
    /* a name that gives nothing, bidi controls in one, the prefix already there */
    {"<p id=\"\">1</p><p id=\"   \">2</p><p id=\"!?\">3</p><p id=\"nd-\">4</p><p "
     "id=\"a&#x202E;b\">5</p><p id=\"nd-k\">6</p><a href=\"#nd-k\">6</a><a href=\"#k\">6</a>",
     "<p>1</p><p>2</p><p>3</p><p>4</p><p id=\"nd-ab\">5</p><p id=\"nd-k\">6</p><a "
     "href=\"#nd-k\">6</a><a href=\"#nd-k\">6</a>"},
};

/* Links that are not to an id of the body: as they were. */
static const struct row other_links[] = {
    {"<a href=\"#\">a</a> <a href=\"#top\">b</a> <a href=\"#TOP\">c</a>",
     "<a href=\"#\">a</a> <a href=\"#top\">b</a> <a href=\"#TOP\">c</a>"},
    {"<a href=\"http://x/#a\">d</a> <a href=\"/bai-viet#a\">e</a> <a href=\"?q=1#b\">f</a> <a "
     "href=\"https://x.vn/%C4%91#%C4%91\">g</a>",
     "<a href=\"http://x/#a\">d</a> <a href=\"/bai-viet#a\">e</a> <a href=\"?q=1#b\">f</a> <a "
     "href=\"https://x.vn/%C4%91#%C4%91\">g</a>"},
    {"<a href=\"#!\">h</a> <a href=\"#%20\">i</a> <a href=\"javascript:x()#a\">j</a>",
     "<a href=\"#!\">h</a> <a href=\"#%20\">i</a> <a>j</a>"},
};

/* Paragraphs, divisions and headings that the sanitiser's removals left showing nothing go; blank
 * ones as the author wrote them stay (the empty line editors write), and so does anything that
 * holds an image, a player, a cell, or an id. */
static const struct row blanks[] = {
    {"<p>Normal 0 false false false EN-US X-NONE X-NONE MicrosoftInternetExplorer4</p><p>Nội "
     "dung</p>",
     "<p>Nội dung</p>"},
    {"<p class=MsoNormal><span lang=EN-US style='font-size:13pt'>Normal 0 false false false EN-US "
     "X-NONE X-NONE MicrosoftInternetExplorer4<o:p></o:p></span></p><p "
     "class=MsoNormal><o:p>&nbsp;</o:p></p><p>x</p>",
     "<p>\xc2\xa0</p><p>x</p>"},
    {"<div><p>Normal 0 false false false VI X-NONE X-NONE</p></div><h2><script>x</script>&nbsp;"
     "<br></h2><p>&nbsp;<script>x()</script></p><p><b><script>y</script></b> <br></p>",
     ""},
    {"<p>&nbsp;</p><p><br></p><p></p><h3></h3>", "<p>\xc2\xa0</p><p><br></p><p></p><h3></h3>"},
    {"<p><img src=\"/a.jpg\"></p><p><script>x</script><img src=\"/b.jpg\"></p><p><img "
     "src=\"file:///C:/x.jpg\"></p><p>a</p>",
     "<p><img src=\"/a.jpg\" loading=\"lazy\"></p><p><img src=\"/b.jpg\" loading=\"lazy\"></p>"
     "<p>a</p>"},
    {"<p><iframe src=\"https://www.youtube.com/embed/a\"></iframe><script>x</script></p>",
     "<p><iframe src=\"https://www.youtube.com/embed/a\"" SANDBOX "></iframe></p>"},
    {"<p><a name=\"_GoBack\"></a><script>x</script></p><p id=\"k\"><script>x</script></p><p><span "
     "style=\"display:none\">ẩn</span></p><p><video><source src=\"javascript:x\"></video></p>"
     "<p>b</p>",
     "<p><a id=\"nd-_GoBack\"></a></p><p id=\"nd-k\"></p><p>b</p>"},
    {"<table><tr><td><p><script></script></p></td></tr></table><p><q><script></script></q></p>",
     "<table><tbody><tr><td></td></tr></tbody></table><p><q></q></p>"},
    /* between two runs of text it stays: they would join on one line */
    {"a<p><script>x</script></p>b", "a<p></p>b"},
    {"<pre><p><script></script></p>\nx</pre>", "<pre>\n\nx</pre>"},
};

/* The bidi embeddings, overrides and isolates go from text and attributes; joiners and marks stay.
 */
static const struct row bidi[] = {
    {"<p>abc&#x202E;def&#x202C; ghi\xe2\x81\xa7x\xe2\x81\xa9 \xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac"
     "\xe2\x80\xad\xe2\x80\xae\xe2\x81\xa6\xe2\x81\xa8.</p>",
     "<p>abcdef ghix .</p>"},
    {"<p title=\"&#x202E;gpj.exe\">t</p><img src=\"/a.jpg\" alt=\"a&#x2066;b&#x2069;\"><a "
     "href=\"https://x.vn/&#x202E;gpj.exe\">l</a>",
     "<p title=\"gpj.exe\">t</p><img src=\"/a.jpg\" alt=\"ab\" loading=\"lazy\"><a "
     "href=\"https://x.vn/gpj.exe\">l</a>"},
    {"<p>👨\xe2\x80\x8d👩\xe2\x80\x8d👧 a\xe2\x80\x8c"
     "b c\xe2\x80\x8e"
     "d e\xe2\x80\x8f"
     "f</p>",
     "<p>👨\xe2\x80\x8d👩\xe2\x80\x8d👧 a\xe2\x80\x8c"
     "b c\xe2\x80\x8e"
     "d e\xe2\x80\x8f"
     "f</p>"},
    {"<p>x</p><p>&#x202E;&#x2069;</p>", "<p>x</p>"},
};

/* sanitize_text: visible text with blocks on their own lines. */
static const struct row texts[] = {
    {"<p>a</p><p>b</p>", "a\nb"},
    {"<p>a<br>b</p>", "a\nb"},
    {"<p>x &lt; <b>y</b></p><ul><li>1</li><li>2</li></ul>", "x < y\n1\n2"},
    {"<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>", "a\tb\nc"},
    {"plain  text", "plain  text"},
    {"<h2 id=\"a\">Mục</h2><p>x<a href=\"#_ftn1\" name=\"_ftnref1\">[1]</a></p>", "Mục\nx[1]"},
    {"", ""},
};

static bool url_scheme_ok(const char *attr, const char *v)
{
	struct buf u = BUF_INIT;
	size_t n = strlen(v), b = 0;
	while (b < n && (unsigned char)v[b] <= 0x20)
		b++;
	while (n > b && (unsigned char)v[n - 1] <= 0x20)
		n--;
	for (size_t i = b; i < n; i++)
		if (v[i] != '\t' && v[i] != '\n' && v[i] != '\r')
			buf_putc(&u, v[i]);
	const char *s = buf_cstr(&u);
	size_t sl = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.");
	bool ok = true;
	if (s[sl] == ':' && sl > 0 && strchr("0123456789+-.", s[0]) == NULL) {
		bool img = strcmp(attr, "src") == 0 || strcmp(attr, "poster") == 0;
		ok = (sl == 4 && strncasecmp(s, "http", 4) == 0) ||
		     (sl == 5 && strncasecmp(s, "https", 5) == 0);
		if (!img)
			ok = ok || (sl == 6 && strncasecmp(s, "mailto", 6) == 0) ||
			     (sl == 3 && strncasecmp(s, "tel", 3) == 0);
		if (img && !ok)
			ok = strncasecmp(s, "data:image/png;base64,", 22) == 0 ||
			     strncasecmp(s, "data:image/jpeg;base64,", 23) == 0 ||
			     strncasecmp(s, "data:image/gif;base64,", 22) == 0 ||
			     strncasecmp(s, "data:image/webp;base64,", 23) == 0;
	}
	buf_free(&u);
	return ok;
}

static bool in_list(const char *name, const char *list)
{
	size_t n = strlen(name);
	for (const char *p = list; (p = strstr(p, name)) != NULL; p++)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return true;
	return false;
}

static const char allowed_elements[] =
    "p br hr h2 h3 h4 h5 h6 strong b em i u s sub sup small mark blockquote q cite pre code ul ol "
    "li dl dt dd a img figure figcaption table caption thead tbody tfoot tr th td colgroup col "
    "span "
    "div abbr time iframe del ins video audio source";

static bool attr_ok(const char *el, const char *attr)
{
	static const struct {
		const char *el, *attrs;
	} specific[] = {
	    {"a", "href"},
	    {"img", "src alt width height loading"},
	    {"td", "colspan rowspan"},
	    {"th", "colspan rowspan scope"},
	    {"ol", "start reversed type"},
	    {"li", "value"},
	    {"time", "datetime"},
	    {"blockquote", "cite"},
	    {"q", "cite"},
	    {"col", "span"},
	    {"colgroup", "span"},
	    {"iframe", "src width height sandbox allowfullscreen loading referrerpolicy"},
	    {"del", "cite datetime"},
	    {"ins", "cite datetime"},
	    {"video", "src width height poster controls preload"},
	    {"audio", "src controls preload"},
	    {"source", "src type"},
	};
	if (in_list(attr, "title lang dir"))
		return true;
	if (strcmp(attr, "id") == 0)
		return strcmp(el, "iframe") != 0;
	if (strcmp(attr, "class") == 0)
		return in_list(el, "p div h2 h3 h4 h5 h6 td th");
	for (size_t i = 0; i < sizeof specific / sizeof specific[0]; i++)
		if (strcmp(el, specific[i].el) == 0)
			return in_list(attr, specific[i].attrs);
	return false;
}

/* An id the sanitiser may write: its prefix, then 1..200 bytes of anything but ASCII whitespace,
 * quotes, '<', '>', '&', '%', '#' and controls (san_anchor_name keeps letters, digits, marks and
 * - _ . :); and each id once in a body. */
static void assert_id(const char *id, const char *html, const char *what, struct buf *seen)
{
	size_t n = strlen(id);
	if (strncmp(id, "nd-", 3) != 0 || n == 3 || n > 3 + 200)
		fail_msg("%s: id \"%s\" without its prefix or of a bad length in %s", what, id,
			 html);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] <= 0x20 || strchr("\"'<>&%#\x7f", id[i]))
			fail_msg("%s: id \"%s\" with a bad character in %s", what, id, html);
	for (const char *p = seen->data; p && p < seen->data + seen->len; p += strlen(p) + 1)
		if (strcmp(p, id) == 0)
			fail_msg("%s: id \"%s\" twice in %s", what, id, html);
	buf_append(seen, id, n + 1);
}

/* Re-parses sanitised HTML as a browser would and fails on anything outside the allowlist. */
static void assert_safe(const char *html, size_t len, const char *what)
{
	struct buf ids = BUF_INIT;
	GumboOptions opt = kGumboDefaultOptions;
	opt.fragment_context = GUMBO_TAG_BODY;
	GumboOutput *g = gumbo_parse_with_options(&opt, html, len);
	size_t cap = 64, n = 0;
	const GumboNode **stack = malloc(cap * sizeof *stack);
	assert_non_null(stack);
	stack[n++] = g->root;
	bool root = true;
	while (n > 0) {
		const GumboNode *node = stack[--n];
		if (node->type == GUMBO_NODE_COMMENT)
			fail_msg("%s: comment in output", what);
		if (node->type != GUMBO_NODE_ELEMENT)
			continue;
		const GumboElement *el = &node->v.element;
		const char *name = gumbo_normalized_tagname(el->tag);
		if (!root) {
			if (el->tag_namespace != GUMBO_NAMESPACE_HTML ||
			    el->tag == GUMBO_TAG_UNKNOWN || !in_list(name, allowed_elements))
				fail_msg("%s: element <%s> in %s", what, name, html);
			for (unsigned i = 0; i < el->attributes.length; i++) {
				const GumboAttribute *a = el->attributes.data[i];
				if (strncasecmp(a->name, "on", 2) == 0 || !attr_ok(name, a->name))
					fail_msg("%s: attribute %s on <%s> in %s", what, a->name,
						 name, html);
				if (strcmp(a->name, "id") == 0)
					assert_id(a->value, html, what, &ids);
				if (strcmp(a->name, "class") == 0 &&
				    strcmp(a->value, "align-center") != 0 &&
				    strcmp(a->value, "align-right") != 0)
					fail_msg("%s: class %s in %s", what, a->value, html);
				if ((strcmp(a->name, "href") == 0 || strcmp(a->name, "src") == 0 ||
				     strcmp(a->name, "cite") == 0 ||
				     strcmp(a->name, "poster") == 0) &&
				    !url_scheme_ok(a->name, a->value))
					fail_msg("%s: URL %s in %s", what, a->value, html);
				if (el->tag == GUMBO_TAG_IFRAME && strcmp(a->name, "src") == 0 &&
				    strncmp(a->value, "https://www.youtube.com/embed/", 30) != 0 &&
				    strncmp(a->value, "https://www.youtube-nocookie.com/embed/",
					    39) != 0 &&
				    strncmp(a->value, "https://player.vimeo.com/video/", 31) != 0)
					fail_msg("%s: iframe of %s in %s", what, a->value, html);
				if (el->tag == GUMBO_TAG_IFRAME &&
				    strcmp(a->name, "sandbox") == 0 &&
				    strcmp(a->value,
					   "allow-scripts allow-same-origin allow-presentation "
					   "allow-popups") != 0)
					fail_msg("%s: iframe sandbox %s in %s", what, a->value,
						 html);
			}
			/* A frame is allowed only sandboxed, and with nothing inside it. */
			if (el->tag == GUMBO_TAG_IFRAME &&
			    (!gumbo_get_attribute(&el->attributes, "sandbox") ||
			     el->children.length))
				fail_msg("%s: unsandboxed or non-empty iframe in %s", what, html);
		}
		root = false;
		for (unsigned i = 0; i < el->children.length; i++) {
			if (n == cap) {
				cap *= 2;
				stack = realloc(stack, cap * sizeof *stack);
				assert_non_null(stack);
			}
			stack[n++] = el->children.data[i];
		}
	}
	free(stack);
	buf_free(&ids);
	gumbo_destroy_output(&opt, g);
}

/* Sanitises in, checks safety and idempotence, and returns the output (caller frees). */
/* The sanitiser's output html[0..n) is read without a parse (san_text_unparsed), to the same text
 * as the parse gives (sanitize_text_parsed). */
static void expect_same_text(const char *html, size_t n, const char *what)
{
	struct buf fast = BUF_INIT, parsed = BUF_INIT;
	buf_puts(&fast, "x");
	buf_puts(&parsed, "x");
	if (!san_text_unparsed(html, n, &fast))
		fail_msg(
		    "%s: expected the sanitiser's output read without a parse, got refused: %s",
		    what, html);
	sanitize_text_parsed(html, n, &parsed);
	if (fast.len != parsed.len || memcmp(fast.data, parsed.data, fast.len) != 0)
		fail_msg(
		    "%s: text without a parse differs\n html:   %s\n parsed: [%s]\n fast:   [%s]",
		    what, html, buf_cstr(&parsed), buf_cstr(&fast));
	buf_free(&fast);
	buf_free(&parsed);
	texts_compared++;
}

static struct safe_html *check(const char *in, size_t len, const char *what)
{
	struct safe_html *h = NULL, *again = NULL;
	assert_int_equal(sanitize_html(in, len, &h), 0);
	const char *html = safe_html_str(h);
	size_t n = safe_html_len(h);
	assert_int_equal(strlen(html), n);
	assert_safe(html, n, what);
	assert_int_equal(sanitize_html(html, n, &again), 0);
	if (safe_html_len(again) != n || memcmp(safe_html_str(again), html, n) != 0)
		fail_msg("%s: not idempotent:\n in: %s\n 1:  %s\n 2:  %s", what, in, html,
			 safe_html_str(again));
	safe_html_free(again);
	expect_same_text(html, n, what);
	return h;
}

static void run_rows(const struct row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct safe_html *h = check(rows[i].in, strlen(rows[i].in), rows[i].in);
		if (strcmp(safe_html_str(h), rows[i].want) != 0)
			fail_msg("in:   %s\nwant: %s\ngot:  %s", rows[i].in, rows[i].want,
				 safe_html_str(h));
		safe_html_free(h);
	}
}

static void test_vectors(void **state)
{
	(void)state;
	run_rows(vectors, sizeof vectors / sizeof vectors[0]);
}

static void test_real_world(void **state)
{
	(void)state;
	run_rows(real_world, sizeof real_world / sizeof real_world[0]);
}

static void test_benign(void **state)
{
	(void)state;
	run_rows(benign, sizeof benign / sizeof benign[0]);
}

/* The values of attribute `name` in the sanitiser's output html, each followed by a NUL. */
static void values_of(const char *html, const char *name, struct buf *out)
{
	char pat[32];
	snprintf(pat, sizeof pat, " %s=\"", name);
	for (const char *p = html; (p = strstr(p, pat)) != NULL;) {
		p += strlen(pat);
		size_t n = strcspn(p, "\"");
		buf_append(out, p, n);
		buf_putc(out, '\0');
		p += n;
	}
}

/* Every "#name" link of html but "#" and "#top" leads to an id of html, as a browser finds it
 * (html holds neither escapes nor %XX in either: the fragment is the id as it is). */
static void assert_links_land(const char *html)
{
	struct buf ids = BUF_INIT, hrefs = BUF_INIT;
	values_of(html, "id", &ids);
	values_of(html, "href", &hrefs);
	for (const char *h = hrefs.data; h && h < hrefs.data + hrefs.len; h += strlen(h) + 1) {
		if (h[0] != '#' || strcmp(h, "#") == 0 || strcasecmp(h, "#top") == 0)
			continue;
		bool found = false;
		for (const char *i = ids.data; i && i < ids.data + ids.len; i += strlen(i) + 1)
			found = found || strcmp(i, h + 1) == 0;
		if (!found)
			fail_msg("link %s leads to no id in %s", h, html);
	}
	buf_free(&ids);
	buf_free(&hrefs);
}

static void test_anchors(void **state)
{
	(void)state;
	run_rows(anchors, sizeof anchors / sizeof anchors[0]);
	run_rows(other_links, sizeof other_links / sizeof other_links[0]);
	for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++)
		assert_links_land(anchors[i].want);
}

/* A long name is cut to the same id on both sides, at a character's boundary. */
static void test_anchor_length(void **state)
{
	(void)state;
	struct buf in = BUF_INIT, want = BUF_INIT;
	static const char d[] = "\xc4\x90"; /* Đ, 2 bytes */
	buf_puts(&in, "<h2 id=\"");
	for (int i = 0; i < 150; i++)
		buf_puts(&in, d);
	buf_puts(&in, "\">x</h2><a href=\"#");
	for (int i = 0; i < 150; i++)
		buf_puts(&in, "%C4%90");
	buf_puts(&in, "\">y</a><p id=\"");
	for (int i = 0; i < 199; i++)
		buf_putc(&in, 'a');
	buf_puts(&in, "\xc4\x90\">z</p>");
	buf_puts(&want, "<h2 id=\"nd-");
	for (int i = 0; i < 100; i++)
		buf_puts(&want, d);
	buf_puts(&want, "\">x</h2><a href=\"#nd-");
	for (int i = 0; i < 100; i++)
		buf_puts(&want, d);
	buf_puts(&want, "\">y</a><p id=\"nd-");
	for (int i = 0; i < 199; i++)
		buf_putc(&want, 'a');
	buf_puts(&want, "\">z</p>");
	struct safe_html *h = check(in.data, in.len, "long ids");
	assert_string_equal(safe_html_str(h), want.data);
	assert_links_land(safe_html_str(h));
	safe_html_free(h);
	buf_free(&in);
	buf_free(&want);
}

/* Appends the whole file at path to out; false when it cannot be read. */
static bool read_file(const char *path, struct buf *out)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	char chunk[4096];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(out, chunk, got);
	fclose(f);
	return true;
}

/* No template writes an id (or a name) under the sanitiser's prefix: an article's ids cannot meet
 * the page's own. */
static void test_template_ids(void **state)
{
	(void)state;
	static const char *const pats[] = {"id=\"nd-", "id='nd-", "id=nd-", "name=\"nd-", NULL};
	size_t files = 0;
	for (int d = 0; d < n_template_dirs; d++) {
		DIR *dir = opendir(template_dirs[d]);
		if (!dir)
			fail_msg("%s: cannot open", template_dirs[d]);
		struct dirent *e;
		while ((e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", template_dirs[d], e->d_name);
			struct buf t = BUF_INIT;
			if (!read_file(path, &t))
				fail_msg("%s: cannot read", path);
			for (size_t i = 0; pats[i]; i++)
				if (t.data && strstr(t.data, pats[i]))
					fail_msg("%s: %s, the prefix of article ids", path,
						 pats[i]);
			buf_free(&t);
			files++;
		}
		closedir(dir);
	}
	assert_true(files > 40);
}

static void test_blanks(void **state)
{
	(void)state;
	run_rows(blanks, sizeof blanks / sizeof blanks[0]);
}

static void test_bidi(void **state)
{
	(void)state;
	run_rows(bidi, sizeof bidi / sizeof bidi[0]);
}

static void test_corpus(void **state)
{
	(void)state;
	if (!corpus_path)
		fail_msg("usage: test_sanitize CORPUS.json");
	json_error_t err;
	json_t *root = json_load_file(corpus_path, 0, &err);
	if (!root)
		fail_msg("%s: %s", corpus_path, err.text);
	assert_true(json_is_array(root));
	size_t i, checked = 0;
	json_t *item;
	json_array_foreach(root, i, item)
	{
		json_t *p = json_object_get(item, "payload");
		assert_true(json_is_string(p));
		struct safe_html *h = check(json_string_value(p), json_string_length(p),
					    json_string_value(json_object_get(item, "title")));
		safe_html_free(h);
		checked++;
	}
	printf("XSS corpus: %zu payloads checked\n", checked);
	assert_int_equal(checked, 223);
	json_decref(root);
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	static const char *const bad[] = {"\xff", "a\xc3", "\xed\xa0\x80", "\xc0\xaf",
					  "<p>\xe1\x80</p>"};
	struct safe_html *h = NULL;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(sanitize_html(bad[i], strlen(bad[i]), &h), -1);
		assert_null(h);
	}
	assert_int_equal(sanitize_html("a\0b", 3, &h), -1);
}

static void deep(const char *open, size_t count)
{
	size_t on = strlen(open);
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < count; i++)
		buf_append(&b, open, on);
	buf_puts(&b, "deep text");
	struct safe_html *h = check(b.data, b.len, open);
	assert_non_null(strstr(safe_html_str(h), "deep text"));
	safe_html_free(h);
	buf_free(&b);
}

static void test_deep(void **state)
{
	(void)state;
	deep("<div>", 100000);
	deep("<b>", 100000);
	deep("<table><tr><td>", 20000);
	deep("<ul><li>", 50000);
	deep("<section>", 100000);
}

static void test_text(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		struct safe_html *h = NULL;
		assert_int_equal(sanitize_html(texts[i].in, strlen(texts[i].in), &h), 0);
		struct buf out = BUF_INIT;
		buf_puts(&out, "prefix:");
		sanitize_text(h, &out);
		if (strcmp(out.data + 7, texts[i].want) != 0)
			fail_msg("in: %s\nwant: [%s]\ngot:  [%s]", texts[i].in, texts[i].want,
				 out.data + 7);
		buf_free(&out);
		safe_html_free(h);
	}
}

/* Every input of the sanitiser's fuzz corpus: its output's text read without a parse is the parse's
 * (check); and HTML not in the sanitiser's form is refused by the reader without a parse. */
static void test_text_unparsed(void **state)
{
	(void)state;
	if (!fuzz_corpus_path)
		fail_msg("usage: test_sanitize CORPUS.json FUZZ_CORPUS_DIR");
	DIR *d = opendir(fuzz_corpus_path);
	if (!d)
		fail_msg("%s: cannot open", fuzz_corpus_path);
	size_t before = texts_compared, files = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", fuzz_corpus_path, e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			continue;
		struct buf in = BUF_INIT;
		char chunk[4096];
		size_t got;
		while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_append(&in, chunk, got);
		fclose(f);
		files++;
		struct safe_html *h = NULL;
		if (sanitize_html(in.data ? in.data : "", in.len, &h) == 0) {
			expect_same_text(safe_html_str(h), safe_html_len(h), path);
			safe_html_free(h);
		}
		buf_free(&in);
	}
	closedir(d);
	printf("text without a parse: %zu outputs of %zu fuzz inputs compared\n",
	       texts_compared - before, files);
	assert_true(texts_compared - before > 500);
	static const char *const other[] = {
	    "<!-- a comment -->x", "<custom>x</custom>", "a &nbsp; b", "a\r\nb",
	    "<script>x</script>",  "<p>a < b</p>",       "<P>x</P>",
	};
	for (size_t i = 0; i < sizeof other / sizeof other[0]; i++) {
		struct buf out = BUF_INIT;
		buf_puts(&out, "kept");
		if (san_text_unparsed(other[i], strlen(other[i]), &out))
			fail_msg("expected [%s] refused by the reader without a parse, got [%s]",
				 other[i], buf_cstr(&out));
		assert_string_equal(buf_cstr(&out), "kept");
		buf_free(&out);
	}
}

/* The CSP's frame-src (SANITIZE_EMBED_ORIGINS) is exactly the origins of the embeddable players:
 * each prefix's origin is in it, and it names nothing else. */
static void test_embed_origins(void **state)
{
	(void)state;
	char all[256];
	snprintf(all, sizeof all, " %s ", SANITIZE_EMBED_ORIGINS);
	size_t named = 0;
	for (const char *p = all; *p; p++)
		named += *p == ' ' && p[1] != '\0';
	size_t distinct = 0;
	const char *const *pre = sanitize_embed_prefixes();
	for (size_t i = 0; pre[i]; i++) {
		const char *host = pre[i] + strlen("https://");
		size_t olen = (size_t)(strchr(host, '/') - pre[i]);
		char want[128];
		snprintf(want, sizeof want, " %.*s ", (int)olen, pre[i]);
		if (!strstr(all, want))
			fail_msg("frame-src '%s' lacks the origin of embed prefix %s", all, pre[i]);
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen = seen || strncmp(pre[j], pre[i], olen + 1) == 0;
		distinct += !seen;
	}
	if (named != distinct)
		fail_msg("frame-src names %zu origins, the embed prefixes have %zu", named,
			 distinct);
}

int main(int argc, char **argv)
{
	corpus_path = argc > 1 ? argv[1] : NULL;
	fuzz_corpus_path = argc > 2 ? argv[2] : NULL;
	template_dirs = argv + 3;
	n_template_dirs = argc > 3 ? argc - 3 : 0;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_vectors),       cmocka_unit_test(test_benign),
	    cmocka_unit_test(test_real_world),    cmocka_unit_test(test_corpus),
	    cmocka_unit_test(test_invalid_utf8),  cmocka_unit_test(test_text),
	    cmocka_unit_test(test_deep),          cmocka_unit_test(test_embed_origins),
	    cmocka_unit_test(test_text_unparsed), cmocka_unit_test(test_anchors),
	    cmocka_unit_test(test_anchor_length), cmocka_unit_test(test_blanks),
	    cmocka_unit_test(test_bidi),          cmocka_unit_test(test_template_ids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
