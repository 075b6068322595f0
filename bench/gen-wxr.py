#!/usr/bin/env python3
"""Writes a WordPress 6 WXR export with N posts (default 100000) for the import benchmark:
`bench/gen-wxr.py 100000 > /tmp/big.xml; /usr/bin/time -v gazette import-wordpress --db DB /tmp/big.xml`.
Posts have a category out of 50 (two levels), two tags out of 500, a few paragraphs with a caption
and a link to an earlier post, and a comment every tenth post. No media (no uploads folder)."""
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
B = 'http://old.example.vn'
w = sys.stdout.write


def cd(s):
    return '<![CDATA[' + s + ']]>'


w('''<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Bench</title><link>%s</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>%s</wp:base_site_url><wp:base_blog_url>%s</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login>%s</wp:author_login><wp:author_email>%s</wp:author_email><wp:author_display_name>%s</wp:author_display_name><wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>
''' % (B, B, B, cd('bientap'), cd('b@example.vn'), cd('Biên tập')))
for c in range(10):
    w('\t<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s</wp:category_nicename>'
      '<wp:category_parent>%s</wp:category_parent><wp:cat_name>%s</wp:cat_name></wp:category>\n'
      % (c + 2, cd('chuyen-muc-%d' % c), cd(''), cd('Chuyên mục %d' % c)))
    for s in range(4):
        w('\t<wp:category><wp:term_id>%d</wp:term_id><wp:category_nicename>%s</wp:category_nicename>'
          '<wp:category_parent>%s</wp:category_parent><wp:cat_name>%s</wp:cat_name></wp:category>\n'
          % (100 + c * 4 + s, cd('muc-%d-%d' % (c, s)), cd('chuyen-muc-%d' % c), cd('Mục %d.%d' % (c, s))))
for t in range(500):
    w('\t<wp:tag><wp:term_id>%d</wp:term_id><wp:tag_slug>%s</wp:tag_slug><wp:tag_name>%s</wp:tag_name></wp:tag>\n'
      % (1000 + t, cd('the-%d' % t), cd('Thẻ số %d' % t)))
PARA = ('Ủy ban nhân dân xã tổ chức hội nghị tổng kết công tác năm, đánh giá kết quả thực hiện '
        'nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng, an ninh trên địa bàn.')
for i in range(1, N + 1):
    pid = 10 + i
    c, s = i % 10, i % 4
    day = 1 + i % 28
    slug = 'bai-viet-so-%d' % i
    body = '%s\n\n[caption width="300"]<img src="%s/wp-content/uploads/x.png" alt="x" /> Ảnh %d[/caption]\n\n%s\nXem <a href="%s/?p=%d">bài trước</a>.\n\n%s' % (
        PARA, B, i, PARA, B, max(11, pid - 1), PARA)
    comments = ''
    if i % 10 == 0:
        comments = ('<wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>%s</wp:comment_author>'
                    '<wp:comment_content>%s</wp:comment_content></wp:comment>' % (i, cd('Khách'), cd('Hay.')))
    w('''	<item>
		<title>%s</title>
		<link>%s/2024/05/%02d/%s/</link>
		<pubDate>Fri, %02d May 2024 02:00:00 +0000</pubDate>
		<dc:creator>%s</dc:creator>
		<guid isPermaLink="false">%s/?p=%d</guid>
		<description></description>
		<content:encoded>%s</content:encoded>
		<excerpt:encoded>%s</excerpt:encoded>
		<wp:post_id>%d</wp:post_id>
		<wp:post_date>%s</wp:post_date>
		<wp:post_date_gmt>%s</wp:post_date_gmt>
		<wp:post_name>%s</wp:post_name>
		<wp:status>%s</wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type>%s</wp:post_type>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="muc-%d-%d">%s</category>
		<category domain="post_tag" nicename="the-%d">%s</category>
		<category domain="post_tag" nicename="the-%d">%s</category>
		%s
	</item>
''' % (cd('Bài viết số %d về hội nghị tổng kết' % i), B, day, slug, day, cd('bientap'), B, pid,
       cd(body), cd('Tóm tắt bài %d.' % i), pid, cd('2024-05-%02d 09:00:00' % day),
       cd('2024-05-%02d 02:00:00' % day), cd(slug), cd('publish'), cd('post'),
       c, s, cd('Mục %d.%d' % (c, s)), i % 500, cd('Thẻ số %d' % (i % 500)),
       (i * 7) % 500, cd('Thẻ số %d' % ((i * 7) % 500)), comments))
w('</channel>\n</rss>\n')
