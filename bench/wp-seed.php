<?php
/*
 * Seeds Debian's WordPress (after install.php has run) with the article that Gazette serves:
 * title, lead and body paragraphs taken from the page saved from Gazette, stored as core/paragraph
 * blocks as the block editor would, its categories from the breadcrumb, and the "Bài viết khác"
 * titles as older short posts, so both servers show the same article with the same neighbours.
 * Prints the article's permalink path.  Adapted from shared/bench-anchors/wp-seed.php.
 *
 *   WP_BENCH_HOST=127.0.0.1:PORT php bench/wp-seed.php page.html
 */
$host = getenv('WP_BENCH_HOST') ?: '127.0.0.1:8081';
$_SERVER['HTTP_HOST']      = $host;        /* selects /etc/wordpress/config-127.0.0.1.php */
$_SERVER['SERVER_NAME']    = preg_replace('/:.*/', '', $host);
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
define('WP_USE_THEMES', false);
define('DISABLE_WP_CRON', true);
require '/usr/share/wordpress/wp-load.php';

function fail($msg) { fwrite(STDERR, "wp-seed: $msg\n"); exit(1); }
function text($s) { return html_entity_decode(strip_tags($s), ENT_QUOTES | ENT_HTML5, 'UTF-8'); }

$html = file_get_contents($argv[1]) or fail("cannot read $argv[1]");
preg_match('#<h1 class="title">(.*?)</h1>#s', $html, $m) or fail('no <h1 class="title">');
$title = text($m[1]);
$content = '';
if (preg_match('#<p class="lead">(.*?)</p>#s', $html, $m))
    $content .= "<!-- wp:paragraph -->\n<p><strong>" . trim($m[1]) . "</strong></p>\n<!-- /wp:paragraph -->\n\n";
preg_match('#<div class="body">\s*(.*?)\s*</div>#s', $html, $m) or fail('no <div class="body">');
preg_match_all('#<p[^>]*>(.*?)</p>#s', $m[1], $paras);
foreach ($paras[1] as $p)
    $content .= "<!-- wp:paragraph -->\n<p>" . trim($p) . "</p>\n<!-- /wp:paragraph -->\n\n";
$others = array(array(), array());
if (preg_match('#<h2[^>]*>Bài viết khác:</h2>\s*<ul>(.*?)</ul>#s', $html, $m))
    preg_match_all('#<a [^>]*>(.*?)</a>#s', $m[1], $others);
$crumbs = array(array(), array());
if (preg_match('#<nav class="breadcrumb"[^>]*>(.*?)</nav>#s', $html, $m))
    preg_match_all('#<a href="/chuyen-muc/[^"]*">(.*?)</a>#s', $m[1], $crumbs);

wp_set_current_user(1);                    /* admin: unfiltered_html, like the editor */
update_option('ping_sites', '');
update_option('timezone_string', 'Asia/Ho_Chi_Minh');
update_option('blogdescription', '');
wp_delete_post(1, true);                   /* "Hello world!" */
wp_delete_post(2, true);                   /* "Sample Page" */

$parent = 0;
$cats = array();
foreach ($crumbs[1] as $c) {
    $t = wp_insert_term(text($c), 'category', array('parent' => $parent));
    is_wp_error($t) and fail($t->get_error_message());
    $parent = (int) $t['term_id'];
}
if ($parent) $cats = array($parent);

foreach (array_reverse($others[1]) as $i => $t) {
    $id = wp_insert_post(array(
        'post_title'    => text($t),
        'post_content'  => "<!-- wp:paragraph -->\n<p>" . esc_html(text($t)) . ".</p>\n<!-- /wp:paragraph -->",
        'post_status'   => 'publish',
        'post_date'     => date('Y-m-d H:i:s', strtotime('2021-02-01 09:00:00') + 86400 * $i),
        'post_category' => $cats,
    ), true);
    is_wp_error($id) and fail($id->get_error_message());
}
$id = wp_insert_post(array(
    'post_title'    => $title,
    'post_content'  => $content,
    'post_status'   => 'publish',
    'post_date'     => '2021-03-02 16:13:06',
    'post_category' => $cats,
), true);
is_wp_error($id) and fail($id->get_error_message());
echo wp_make_link_relative(get_permalink($id)), "\n";
