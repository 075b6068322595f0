/* The SQLite backend's statements: one table of SQL, indexed by enum sq_stmt (sqlite-int.h). */
#include "store/sqlite/sqlite-int.h"

/* An article's view count (migration 32: a table of its own; every article has its row). */
#define VIEWS "(SELECT v.views FROM article_views v WHERE v.article_id = articles.id)"
#define LIST_COLS                                                                                  \
	"id, category_id, coalesce(published_at, 0), " VIEWS ", title, slug, lead, author, "       \
	"image_src, "                                                                              \
	"image_alt, image_caption"
#define PUBLIC_WHERE                                                                               \
	"status = 'published' AND published_at <= ?1 AND (expires_at IS NULL OR expires_at > ?1) " \
	"AND id <> ?3 AND (?4 = 0 OR featured = 1) AND (?7 = 0 OR id IN (SELECT article_id FROM "  \
	"article_tags WHERE tag_id = ?7))"
#define SUBTREE                                                                                    \
	"(WITH RECURSIVE sub(id) AS (SELECT ?2 UNION ALL SELECT c.id FROM categories c "           \
	"JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)"
#define ARTICLE_COLS                                                                               \
	"id, category_id, status, coalesce(published_at, 0), created_at, updated_at, " VIEWS ", "  \
	"revision, featured, title, slug, lead, body_html, author, signature, source, "            \
	"coalesce(owner_id, 0), coalesce(expires_at, 0), note, image_src, image_alt, "             \
	"image_caption, body_version"

/* The newsroom list's filters: ?1 status, ?2 owner, ?5 state at ?6, ?7 categories (",1,2,"),
 * ?8 folded words as a LIKE pattern, ?9 and ?10 the update time's range, ?11 the categories a
 * limited account may see ("1,5,7") (?3, ?4: the page). */
/* The article's category is in the list parameter p ("1,5,7"; "" for any category). */
#define SQ_IN_CATS(p) "(" p " = '' OR instr(',' || " p " || ',', ',' || a.category_id || ',') > 0)"
#define ADMIN_STATE                                                                                \
	"CASE a.status WHEN 'draft' THEN CASE WHEN a.note <> '' THEN 'returned' ELSE 'draft' END " \
	"WHEN 'published' THEN CASE WHEN coalesce(a.published_at, 0) > ?6 THEN 'scheduled' WHEN "  \
	"coalesce(a.expires_at, 0) <> 0 AND a.expires_at <= ?6 THEN 'expired' ELSE 'published' "   \
	"END ELSE a.status END"
#define ADMIN_WHERE                                                                                \
	"(?1 = '' OR a.status = ?1) AND (?2 = 0 OR a.owner_id = ?2) AND (?5 = '' OR " ADMIN_STATE  \
	" = ?5) AND (?7 = '' OR instr(?7, ',' || a.category_id || ',') > 0) AND (?8 = '' OR "      \
	"a.title_fold LIKE ?8 ESCAPE '\\') AND (?9 = 0 OR a.updated_at >= ?9) AND (?10 = 0 OR "    \
	"a.updated_at < ?10) AND " SQ_IN_CATS("?11")
#define ROW_COLS                                                                                   \
	"a.id, a.category_id, coalesce(a.owner_id, 0), a.updated_at, coalesce(a.published_at, "    \
	"0), "                                                                                     \
	"coalesce(a.expires_at, 0), a.revision, a.status, a.featured, a.title, coalesce(u.name, "  \
	"''), a.note <> '', coalesce(u.display_name, '')"
#define REV_COLS                                                                                   \
	"r.article_id, r.revision, r.created_at, coalesce(r.user_id, 0), coalesce(u.name, ''), "   \
	"r.category_id, r.title, r.lead, r.body_html, r.author, r.signature, r.source, r.tags, "   \
	"r.image_src, r.image_alt, r.image_caption"
#define USER_COLS "id, name, display_name, role, password_hash, disabled"

#define MEDIA_COLS                                                                                 \
	"m.id, m.file, m.thumb, m.name, m.mime, m.bytes, m.width, m.height, "                      \
	"coalesce(m.user_id, 0), coalesce(u.name, ''), m.created_at, m.alt, m.caption"
#define MEDIA_MATCH(P)                                                                             \
	"(" P " = '' OR m.fold LIKE " P " ESCAPE "                                                 \
	"'\\')"
/* Where a file (its stem ?1, found by instr) is used: kind, id, title. */
#define MEDIA_USES                                                                                 \
	"SELECT 'article', id, title FROM articles WHERE instr(body_html, ?1) > 0 "                \
	"UNION ALL SELECT 'featured', id, title FROM articles WHERE instr(image_src, ?1) > 0 "     \
	"UNION ALL SELECT 'page', id, title FROM pages WHERE instr(body_html, ?1) > 0 "            \
	"UNION ALL SELECT 'album', a.id, a.title FROM albums a WHERE instr(a.cover, ?1) > 0 OR "   \
	"EXISTS (SELECT 1 FROM album_photos p WHERE p.album_id = a.id AND (instr(p.file, ?1) > 0 " \
	"OR instr(p.thumb, ?1) > 0)) "                                                             \
	"UNION ALL SELECT 'banner', id, title FROM banners WHERE instr(image, ?1) > 0 "            \
	"UNION ALL SELECT 'video', id, title FROM videos WHERE instr(poster, ?1) > 0 "             \
	"UNION ALL SELECT 'person', id, name FROM org_people WHERE instr(photo, ?1) > 0 "          \
	"UNION ALL SELECT 'layout', id, title FROM layout_blocks WHERE instr(html, ?1) > 0 "       \
	"UNION ALL SELECT 'setting', 0, key FROM settings WHERE instr(value, ?1) > 0 "             \
	"ORDER BY 1, 2 LIMIT 200"

#define NODATE "-2147483648"
#define DOC_FROM                                                                                   \
	"documents d JOIN doc_lists k ON k.id = d.kind_id JOIN doc_lists i ON i.id = d.issuer_id " \
	"LEFT JOIN doc_lists f ON f.id = d.field_id"
#define DOC_COLS                                                                                   \
	"d.id, d.kind_id, d.issuer_id, coalesce(d.field_id, 0), k.name, i.name, "                  \
	"coalesce(f.name, ''), d.number, d.slug, d.summary, d.body_html, d.signer, "               \
	"d.signer_position, d.issued_on, coalesce(d.effective_on, " NODATE "), "                   \
	"coalesce(d.expires_on, " NODATE "), coalesce(d.comment_from, " NODATE "), "               \
	"coalesce(d.comment_until, " NODATE "), coalesce(d.replaced_on, " NODATE "), "             \
	"d.status = 'published', coalesce(d.published_at, 0), d.created_at, d.updated_at, "        \
	"d.revision, coalesce(d.owner_id, 0)"
#define DOC_ROW_COLS                                                                               \
	"d.id, d.number, d.slug, d.summary, k.name, i.name, d.issued_on, "                         \
	"coalesce(d.effective_on, " NODATE "), coalesce(d.expires_on, " NODATE "), "               \
	"coalesce(d.replaced_on, " NODATE "), d.status = 'published', coalesce(d.published_at, "   \
	"0), d.updated_at"
/* ?1 drafts too, ?2 kind, ?3 issuer, ?4 field, ?5..?6 issue dates, ?7 validity (-1 any), ?8
 * today; the validity codes are enum doc_validity's (docs/record.h). */
#define DOC_FILTER                                                                                 \
	"(?1 = 1 OR d.status = 'published') AND (?2 = 0 OR d.kind_id = ?2) AND (?3 = 0 OR "        \
	"d.issuer_id = ?3) AND (?4 = 0 OR d.field_id = ?4) AND d.issued_on BETWEEN ?5 AND ?6 AND " \
	"(?7 < 0 OR ?7 = CASE WHEN coalesce(d.effective_on, d.issued_on) > ?8 THEN 2 WHEN "        \
	"d.expires_on <= ?8 OR d.replaced_on <= ?8 THEN 1 ELSE 0 END)"
/* The text a document is found by: its body and its files' text. */
#define DOC_FTS_ROW                                                                                \
	"SELECT d.id, d.number, d.summary, gz_text(d.body_html) || ' ' || coalesce((SELECT "       \
	"group_concat(text, ' ') FROM document_files WHERE document_id = d.id), ''), 'k' || "      \
	"d.kind_id || ' i' || d.issuer_id || coalesce(' f' || d.field_id, '') FROM documents d "   \
	"WHERE d.status = 'published'"
#define DOC_FILE_COLS "id, document_id, file, name, type, bytes, downloads, created_at, position"

#define S(k) [k]

const char *const sq_sql[SQ_STMT_MAX] = {
    /* content.c */
    [SQ_SETTING_GET] = "SELECT value FROM settings WHERE key = ?1",
    [SQ_SETTING_SET] = "INSERT INTO settings(key, value) VALUES (?1, ?2) "
		       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [SQ_CATEGORIES] = "SELECT id, coalesce(parent_id, 0), position, name, slug FROM categories "
		      "ORDER BY coalesce(parent_id, 0), position, name",
    [SQ_CATEGORY_FIND] =
	"SELECT id FROM categories WHERE coalesce(parent_id, 0) = ?1 AND name = ?2",
    [SQ_CATEGORY_SLUG_TAKEN] =
	"SELECT 1 FROM categories WHERE coalesce(parent_id, 0) = ?1 AND slug = ?2",
    [SQ_CATEGORY_INSERT] =
	"INSERT INTO categories(parent_id, name, slug, position) VALUES (nullif(?1, 0), ?2, ?3, "
	"(SELECT coalesce(max(position), 0) + 1 FROM categories WHERE coalesce(parent_id, 0) = "
	"?1))",
    [SQ_ARTICLE_GET] = "SELECT " ARTICLE_COLS " FROM articles WHERE id = ?1",
    /* In the key's order; read_tags orders them by position (an ORDER BY here made a sorter, its
     * allocations and a temporary b-tree, at every page not in the cache). */
    [SQ_ARTICLE_TAGS] = "SELECT t.name, a.position FROM article_tags a JOIN tags t ON t.id = "
			"a.tag_id WHERE a.article_id = ?1",
    [SQ_ARTICLE_LANGS] = "SELECT lang, title FROM article_translations WHERE article_id = ?1 "
			 "ORDER BY lang",
    [SQ_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
    [SQ_ARTICLE_INSERT] =
	"INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, author, "
	"signature, source, published_at, created_at, updated_at, owner_id, expires_at, "
	"image_src, image_alt, image_caption, body_text, body_version) "
	"VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0), ?13, ?13, "
	"nullif(?15, 0), nullif(?16, 0), ?18, ?19, ?20, ?21, ?22)",
    [SQ_ARTICLE_UPDATE] =
	"UPDATE articles SET category_id = ?2, status = ?3, title = ?4, slug = ?5, lead = ?6, "
	"body_html = ?7, author = ?8, signature = ?9, source = ?10, published_at = nullif(?11, 0), "
	"updated_at = ?13, revision = revision + 1, "
	"expires_at = nullif(?16, 0), image_src = ?18, image_alt = ?19, image_caption = ?20, "
	"body_text = ?21, body_version = ?22 WHERE id = ?1 AND (?17 = 0 OR revision = ?17)",
    /* An article's count, after its insert (the trigger made the row) or an update that sets it. */
    [SQ_ARTICLE_VIEWS_SET] = "UPDATE article_views SET views = ?2 WHERE article_id = ?1",
    /* Saves the article's current state as its revision, unless that revision is kept already. */
    [SQ_REVISION_SNAPSHOT] =
	"INSERT OR IGNORE INTO revisions(article_id, revision, created_at, user_id, category_id, "
	"title, lead, body_html, author, signature, source, tags, image_src, image_alt, "
	"image_caption) SELECT id, revision, coalesce(nullif(?3, 0), updated_at), nullif(?2, 0), "
	"category_id, title, lead, body_html, author, signature, source, (SELECT "
	"coalesce(group_concat(name, char(10)), '') FROM (SELECT t.name AS name FROM article_tags "
	"x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ?1 ORDER BY x.position)), "
	"image_src, image_alt, image_caption FROM articles WHERE id = ?1",
    [SQ_TAG_FIND] = "SELECT id FROM tags WHERE name = ?1",
    [SQ_TAG_SLUG_TAKEN] = "SELECT 1 FROM tags WHERE slug = ?1",
    [SQ_TAG_INSERT] = "INSERT INTO tags(name, slug) VALUES (?1, ?2)",
    [SQ_ARTICLE_TAGS_CLEAR] = "DELETE FROM article_tags WHERE article_id = ?1",
    [SQ_ARTICLE_TAG_ADD] = "INSERT OR IGNORE INTO article_tags(article_id, tag_id, position) "
			   "VALUES (?1, ?2, ?3)",
    [SQ_LIST_ALL_NEWEST] = "SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			   " ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    /* Walked in the views index and stopped after LIMIT rows: without statistics, SQLite
     * took the publication index for the range on published_at and sorted every published
     * article (1.2 s per article page at 100,000 articles). CROSS JOIN keeps the order. */
    [SQ_LIST_ALL_VIEWED] =
	"SELECT " LIST_COLS " FROM article_views w INDEXED BY article_views_views CROSS JOIN "
	"articles ON articles.id = w.article_id WHERE " PUBLIC_WHERE
	" ORDER BY w.views DESC, published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_LIST_CAT_NEWEST] =
	"SELECT " LIST_COLS " FROM articles WHERE category_id = ?2 AND " PUBLIC_WHERE
	" ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_LIST_TREE_NEWEST] =
	"SELECT " LIST_COLS " FROM articles WHERE category_id IN " SUBTREE " AND " PUBLIC_WHERE
	" ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_COUNT_ALL] = "SELECT count(*) FROM articles WHERE " PUBLIC_WHERE,
    [SQ_COUNT_CAT] = "SELECT count(*) FROM articles WHERE category_id = ?2 AND " PUBLIC_WHERE,
    [SQ_COUNT_TREE] =
	"SELECT count(*) FROM articles WHERE category_id IN " SUBTREE " AND " PUBLIC_WHERE,
    [SQ_EACH] = "SELECT " ARTICLE_COLS " FROM articles WHERE id > ?1 ORDER BY id LIMIT ?2",
    [SQ_MAX_ID] = "SELECT coalesce(max(id), 0) FROM articles",
    /* The lowest id no article has (for when the highest is at STORE_ID_MAX). */
    [SQ_FREE_ID] =
	"SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM articles WHERE id = 1) THEN 1 ELSE "
	"(SELECT min(a.id) + 1 FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles b "
	"WHERE b.id = a.id + 1)) END",
    [SQ_VIEWS_ADD] = "UPDATE article_views SET views = views + ?2 WHERE article_id = ?1",
    [SQ_USER_GET] = "SELECT id, name, display_name, role, password_hash, disabled FROM users "
		    "WHERE name = ?1",
    [SQ_USER_INSERT] = "INSERT INTO users(name, display_name, role, password_hash, created_at) "
		       "VALUES (?1, ?2, ?3, ?4, ?5)",
    [SQ_CONTENT_VERSION] = "SELECT value FROM meta WHERE key = 'content_version'",
    /* Bodies an older sanitiser made (by the index articles_body_version), and re-made. */
    [SQ_BODIES_STALE] = "SELECT id, body_html FROM articles WHERE body_version < ?1 ORDER BY "
			"body_version, id LIMIT ?2",
    [SQ_BODY_SET] = "UPDATE articles SET body_html = ?2, body_text = ?3, body_version = ?4 WHERE "
		    "id = ?1",
    [SQ_BODY_SET_TEXT] = "UPDATE articles SET body_text = ?3, body_version = ?4 WHERE id = ?1",
    /* newsroom.c */
    S(SN_SET_STATUS) = "UPDATE articles SET status = ?2, published_at = CASE WHEN ?2 = "
		       "'published' THEN coalesce(nullif(?3, 0), published_at, ?4) ELSE "
		       "coalesce(nullif(?3, 0), published_at) END, note = ?5, updated_at = ?4 "
		       "WHERE id = ?1",
    S(SN_SET_FEATURED) = "UPDATE articles SET featured = ?2 WHERE id = ?1",
    S(SN_ADMIN_ALL) =
	"SELECT " ROW_COLS " FROM articles a LEFT JOIN users u ON u.id = a.owner_id "
	"WHERE " ADMIN_WHERE " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?3 OFFSET ?4",
    S(SN_ADMIN_COUNT) =
	"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE " ADMIN_WHERE " LIMIT 1001)",
    S(SN_ADMIN_STATE_COUNT) = "SELECT count(*) FROM articles a WHERE a.status = ?1 AND (?2 = 0 OR "
			      "a.owner_id = ?2) AND (?3 = 0 OR (?3 = 1) = (a.note <> '')) AND "
			      "?4 < 0",
    /* The scheduled ones through the index on (status, published_at). */
    S(SN_ADMIN_SCHEDULED_COUNT) = "SELECT count(*) FROM articles a WHERE a.status = ?1 AND "
				  "a.published_at > ?4 AND (?2 = 0 OR a.owner_id = ?2) AND ?3 = 0",
    S(SN_REVISIONS) = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
		      "r.user_id WHERE r.article_id = ?1 ORDER BY r.revision DESC",
    S(SN_REVISION_GET) = "SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
			 "r.user_id WHERE r.article_id = ?1 AND r.revision = ?2",
    S(SN_NEXT_CHANGE) = "SELECT min(t) FROM (SELECT min(published_at) AS t FROM articles WHERE "
			"status = 'published' AND published_at > ?1 UNION ALL SELECT "
			"min(expires_at) FROM articles WHERE status = 'published' AND expires_at > "
			"?1)",
    /* Is ?2 (the new parent) ?1 itself or below it? */
    S(SN_CATEGORY_CYCLE) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT c.id FROM "
			   "categories c JOIN sub ON c.parent_id = sub.id) SELECT 1 FROM sub "
			   "WHERE id = ?2",
    S(SN_CATEGORY_UPDATE) = "UPDATE categories SET parent_id = nullif(?2, 0), name = ?3, slug = "
			    "?4, position = ?5 WHERE id = ?1",
    S(SN_CATEGORY_USED) = "SELECT (SELECT count(*) FROM articles WHERE category_id = ?1) + "
			  "(SELECT count(*) FROM categories WHERE parent_id = ?1)",
    S(SN_CATEGORY_DELETE) = "DELETE FROM categories WHERE id = ?1",
    S(SN_TAGS) = "SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id), "
		 "t.name, t.slug FROM tags t ORDER BY t.name",
    S(SN_TAG_BY_SLUG) = "SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = "
			"t.id), t.name, t.slug FROM tags t WHERE t.slug = ?1",
    S(SN_TAG_RENAME) = "UPDATE tags SET name = ?2, slug = ?3 WHERE id = ?1",
    S(SN_TAG_DELETE_LINKS) = "DELETE FROM article_tags WHERE tag_id = ?1",
    S(SN_TAG_DELETE) = "DELETE FROM tags WHERE id = ?1",
    S(SN_CATEGORY_COUNTS) = "SELECT category_id, count(*) FROM articles GROUP BY category_id",
    S(SN_AUTOSAVE_PUT) = "INSERT INTO autosaves (user_id, article_id, saved_at, data) VALUES "
			 "(?1, ?2, ?3, ?4) ON CONFLICT (user_id, article_id) DO UPDATE SET "
			 "saved_at = excluded.saved_at, data = excluded.data",
    S(SN_AUTOSAVE_GET) = "SELECT saved_at, data FROM autosaves WHERE user_id = ?1 AND "
			 "article_id = ?2",
    S(SN_AUTOSAVE_DELETE) = "DELETE FROM autosaves WHERE user_id = ?1 AND article_id = ?2",
    S(SN_USER_BY_ID) = "SELECT " USER_COLS " FROM users WHERE id = ?1",
    S(SN_USERS) = "SELECT " USER_COLS " FROM users ORDER BY name",
    S(SN_USER_CATS) = "SELECT category_id FROM user_categories WHERE user_id = ?1 ORDER BY "
		      "category_id",
    S(SN_USER_UPDATE) = "UPDATE users SET display_name = ?2, role = ?3, disabled = ?4 WHERE id = "
			"?1",
    S(SN_USER_PASSWORD) = "UPDATE users SET password_hash = ?2 WHERE id = ?1",
    S(SN_USER_CATS_CLEAR) = "DELETE FROM user_categories WHERE user_id = ?1",
    S(SN_USER_CATS_ADD) = "INSERT OR IGNORE INTO user_categories(user_id, category_id) VALUES "
			  "(?1, ?2)",
    S(SN_USER_RIGHT_GET) = "SELECT 1 FROM user_rights WHERE user_id = ?1 AND name = ?2",
    S(SN_USER_RIGHT_ADD) = "INSERT OR IGNORE INTO user_rights(user_id, name) VALUES (?1, ?2)",
    S(SN_USER_RIGHT_DEL) = "DELETE FROM user_rights WHERE user_id = ?1 AND name = ?2",
    S(SN_SESSION_PURGE) = "DELETE FROM sessions WHERE expires_at <= ?1",
    S(SN_SESSION_ADD) = "INSERT INTO sessions(token_hash, user_id, csrf, created_at, expires_at, "
			"address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    S(SN_SESSION_GET) = "SELECT s.user_id, s.expires_at, s.csrf FROM sessions s JOIN users u ON "
			"u.id = s.user_id WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND "
			"u.disabled = 0",
    S(SN_SESSION_DELETE) = "DELETE FROM sessions WHERE token_hash = ?1",
    S(SN_SESSIONS_DELETE_USER) = "DELETE FROM sessions WHERE user_id = ?1",
    S(SN_TOKEN_ADD) = "INSERT INTO api_tokens(token_hash, user_id, created_at, name, expires_at) "
		      "VALUES (?1, ?2, ?3, ?4, ?5)",
    /* expires_at 0 is only in rows written by hand: every token made by gazette has one. */
    S(SN_TOKEN_USER) = "SELECT u.id, u.name, u.display_name, u.role, u.password_hash, u.disabled "
		       "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?1 "
		       "AND u.disabled = 0 AND (t.expires_at = 0 OR t.expires_at > "
		       "CAST(strftime('%s', 'now') AS INTEGER))",
    S(SN_TOKENS) = "SELECT substr(token_hash, 1, 12), name, created_at, expires_at FROM "
		   "api_tokens WHERE user_id = ?1 ORDER BY created_at, name",
    S(SN_TOKEN_REVOKE) = "DELETE FROM api_tokens WHERE user_id = ?1 AND (name = ?2 OR "
			 "substr(token_hash, 1, 12) = ?2)",
    S(SN_TOKENS_DELETE_USER) = "DELETE FROM api_tokens WHERE user_id = ?1",
    S(SN_THROTTLE_PURGE) = "DELETE FROM throttle WHERE at < ?1",
    S(SN_THROTTLE_HIT) = "INSERT INTO throttle(key, at) VALUES (?1, ?2)",
    S(SN_THROTTLE_COUNT) = "SELECT count(*) FROM throttle WHERE key = ?1 AND at >= ?2",
    S(SN_THROTTLE_CLEAR) = "DELETE FROM throttle WHERE key = ?1",
    S(SN_AUDIT_LIST) = "SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
		       "detail, prev_hash, hash FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    S(SN_AUDIT_COUNT) = "SELECT count(*) FROM audit_log",
    /* audit.c (the write lock of BEGIN IMMEDIATE serialises the chain) */
    S(SA_CHAIN_GET) = "SELECT sealed, head_id, head_hash, cp_id, cp_at, cp_count, cp_hash, "
		      "cp_mac, (SELECT coalesce(max(id), 0) FROM audit_log) FROM audit_chain "
		      "WHERE id = 1",
    S(SA_CHAIN_SET) = "UPDATE audit_chain SET sealed = ?1, head_id = ?2, head_hash = ?3, cp_id = "
		      "?4, cp_at = ?5, cp_count = ?6, cp_hash = ?7, cp_mac = ?8 WHERE id = 1",
    S(SA_INSERT) = "INSERT INTO audit_log(id, at, user_id, user_name, address, action, object, "
		   "detail, prev_hash, hash) VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7, ?8, "
		   "?9, ?10)",
    S(SA_PAGE) = "SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
		 "detail, prev_hash, hash FROM audit_log WHERE id > ?1 ORDER BY id LIMIT ?2",
    S(SA_REHASH) = "UPDATE audit_log SET prev_hash = ?2, hash = ?3 WHERE id = ?1",
    S(SA_PURGE_BOUND) = "SELECT coalesce((SELECT min(id) FROM audit_log WHERE at >= ?1) - 1, "
			"(SELECT max(id) FROM audit_log), 0)",
    S(SA_DELETE_UPTO) = "DELETE FROM audit_log WHERE id <= ?1",
/* archive.c */
#define ARCH_COLS                                                                                  \
	"id, article_id, revision, category_id, published_at, coalesce(expires_at, 0), from_at, "  \
	"coalesce(until_at, 0), deleted, title, slug, lead, body_html, author, signature, "        \
	"source, "                                                                                 \
	"tags, image_src, image_alt, image_caption"
/* Public at time ?2. */
#define ARCH_AT                                                                                    \
	"from_at <= ?2 AND (until_at IS NULL OR until_at > ?2) AND (expires_at IS NULL OR "        \
	"expires_at > ?2)"
#define ARCH_TREE                                                                                  \
	"(?1 = 0 OR category_id IN (WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM "  \
	"categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub))"
    S(SV_OPEN) = "SELECT " ARCH_COLS " FROM archive WHERE article_id = ?1 AND until_at IS NULL "
		 "ORDER BY id DESC LIMIT 1",
    S(SV_CLOSE) = "UPDATE archive SET until_at = ?2, deleted = ?3 WHERE id = ?1",
    S(SV_DROP) = "DELETE FROM archive WHERE id = ?1",
    S(SV_ADD) = "INSERT INTO archive(article_id, revision, category_id, title, slug, lead, "
		"body_html, author, signature, source, published_at, expires_at, from_at, tags, "
		"image_src, image_alt, image_caption) SELECT id, revision, category_id, title, "
		"slug, lead, body_html, author, signature, source, coalesce(published_at, ?2), "
		"expires_at, ?2, (SELECT coalesce(group_concat(name, char(10)), '') FROM (SELECT "
		"t.name AS name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE "
		"x.article_id = ?1 ORDER BY x.position)), image_src, image_alt, image_caption FROM "
		"articles WHERE id = ?1",
    S(SV_AT) = "SELECT " ARCH_COLS " FROM archive WHERE article_id = ?1 AND " ARCH_AT
	       " ORDER BY from_at DESC, id DESC LIMIT 1",
    S(SV_CAT_AT) = "SELECT " ARCH_COLS " FROM archive WHERE " ARCH_TREE " AND " ARCH_AT
		   " ORDER BY published_at DESC, id DESC LIMIT ?3 OFFSET ?4",
    S(SV_CAT_COUNT) = "SELECT count(*) FROM archive WHERE " ARCH_TREE " AND " ARCH_AT,
    S(SV_VERSIONS) = "SELECT " ARCH_COLS " FROM archive WHERE article_id = ?1 ORDER BY from_at "
		     "DESC, id DESC",
    /* Versions whose time on the site ended (closed, or expired earlier) before ?1, by the
     * index archive_ended (migration 30) of this very expression. */
    S(SV_PURGE) = "DELETE FROM archive WHERE until_at IS NOT NULL AND min(until_at, "
		  "coalesce(expires_at, until_at)) < ?1",
    S(SV_ARTICLE_DELETE) = "DELETE FROM articles WHERE id = ?1",
#undef ARCH_COLS
#undef ARCH_AT
#undef ARCH_TREE
/* stats.c: ?1 from, ?2 to (YYYYMMDD), ?3 category (0: all, else with its sub-categories), ?4
 * article (0: all), ?5 limit (-1: none). */
#define STATS_TREE(col)                                                                            \
	"(?3 = 0 OR " col " IN (WITH RECURSIVE sub(id) AS (SELECT ?3 UNION SELECT c.id FROM "      \
	"categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub))"
#define STATS_JOIN                                                                                 \
	" FROM views_daily v JOIN articles a ON a.id = v.article_id WHERE v.day BETWEEN ?1 AND "   \
	"?2 "                                                                                      \
	"AND " STATS_TREE("a.category_id") " AND (?4 = 0 OR v.article_id = ?4)"
    S(SS_DAILY_ADD) = "INSERT INTO views_daily(article_id, day, views) VALUES (?1, ?2, ?3) ON "
		      "CONFLICT(article_id, day) DO UPDATE SET views = views + excluded.views",
    S(SS_CATEGORY_OF) = "SELECT category_id FROM articles WHERE id = ?1",
    S(SS_CAT_ADD) = "INSERT INTO views_daily_cat(category_id, day, views) VALUES (?1, ?2, ?3) ON "
		    "CONFLICT(category_id, day) DO UPDATE SET views = views + excluded.views",
    S(SS_DAY_CAT) = "SELECT CAST(v.day AS TEXT), '', sum(v.views) FROM views_daily_cat v WHERE "
		    "v.day BETWEEN ?1 AND ?2 AND " STATS_TREE(
			"v.category_id") " AND ?4 = 0 GROUP "
					 "BY v.day ORDER BY v.day LIMIT ?5",
    S(SS_CAT_CAT) = "SELECT CAST(c.id AS TEXT), c.name, sum(v.views) FROM views_daily_cat v JOIN "
		    "categories c ON c.id = v.category_id WHERE v.day BETWEEN ?1 AND ?2 AND "
		    "?4 = 0 AND " STATS_TREE("v.category_id") " GROUP BY c.id, c.name ORDER BY 3 "
							      "DESC, c.id LIMIT ?5",
    S(SS_DAY) = "SELECT CAST(v.day AS TEXT), '', sum(v.views)" STATS_JOIN
		" GROUP BY v.day ORDER BY v.day LIMIT ?5",
    S(SS_CATEGORY) =
	"SELECT CAST(a.category_id AS TEXT), coalesce(max(c.name), ''), "
	"sum(v.views) FROM views_daily v JOIN articles a ON a.id = v.article_id LEFT JOIN "
	"categories c ON c.id = a.category_id WHERE v.day BETWEEN ?1 AND ?2 AND " STATS_TREE(
	    "a.category_id") " AND (?4 = 0 OR v.article_id = ?4) GROUP BY "
			     "a.category_id ORDER BY 3 DESC, a.category_id LIMIT ?5",
    S(SS_AUTHOR) = "SELECT a.author, a.author, sum(v.views)" STATS_JOIN
		   " GROUP BY a.author ORDER BY 3 DESC, 1 LIMIT ?5",
    S(SS_SOURCE) = "SELECT coalesce(s.name, a.source), coalesce(s.name, a.source), "
		   "sum(v.views) FROM views_daily v JOIN articles a ON a.id = v.article_id LEFT "
		   "JOIN article_origin o ON o.article_id = a.id LEFT JOIN sources s ON s.id = "
		   "o.source_id WHERE v.day BETWEEN ?1 AND ?2 AND " STATS_TREE(
		       "a.category_id") " AND (?4 = 0 OR v.article_id = ?4) GROUP BY 1 ORDER BY 3 "
					"DESC, 1 LIMIT ?5",
    S(SS_ARTICLE) = "SELECT CAST(a.id AS TEXT), a.title, sum(v.views)" STATS_JOIN
		    " GROUP BY a.id, a.title ORDER BY 3 DESC, a.id LIMIT ?5",
    /* ?1 from, ?2 to (UTC seconds), ?3 the zone's offset in seconds */
    S(SS_OUTPUT) = "SELECT CAST(strftime('%Y%m', l.at + ?3, 'unixepoch') AS INTEGER) AS m, "
		   "a.author, a.category_id, coalesce(c.name, ''), sum(l.action IN "
		   "('article.publish', 'article.schedule')), sum(l.action = 'article.return'), "
		   "sum(l.action = 'article.unpublish') FROM audit_log l JOIN articles a ON a.id = "
		   "CAST(substr(l.object, 9) AS INTEGER) LEFT JOIN categories c ON c.id = "
		   "a.category_id WHERE l.object LIKE 'article:%' AND l.action IN "
		   "('article.publish', 'article.schedule', 'article.return', 'article.unpublish') "
		   "AND l.at >= ?1 AND l.at < ?2 GROUP BY m, a.author, a.category_id ORDER BY m, "
		   "a.author, 4",
#undef STATS_TREE
#undef STATS_JOIN
/* sources.c */
#define SOURCE_COLS "id, name, website, logo, agreement, republish"
    S(SO_SOURCES) = "SELECT " SOURCE_COLS " FROM sources ORDER BY name, id",
    S(SO_SOURCE_GET) = "SELECT " SOURCE_COLS " FROM sources WHERE id = ?1",
    S(SO_SOURCE_INSERT) = "INSERT INTO sources(name, website, logo, agreement, republish) VALUES "
			  "(?2, ?3, ?4, ?5, ?6)",
    S(SO_SOURCE_UPDATE) = "UPDATE sources SET name = ?2, website = ?3, logo = ?4, agreement = "
			  "?5, republish = ?6 WHERE id = ?1",
    S(SO_SOURCE_USED) = "SELECT count(*) FROM article_origin WHERE source_id = ?1",
    S(SO_SOURCE_DELETE) = "DELETE FROM sources WHERE id = ?1",
    S(SO_ORIGIN_GET) = "SELECT o.article_id, coalesce(o.source_id, 0), coalesce(s.name, ''), "
		       "o.original_url, o.original_at FROM article_origin o LEFT JOIN sources s "
		       "ON s.id = o.source_id WHERE o.article_id = ?1",
    S(SO_ORIGIN_SET) = "INSERT INTO article_origin(article_id, source_id, original_url, "
		       "original_at) VALUES (?1, nullif(?2, 0), ?3, ?4) ON CONFLICT(article_id) DO "
		       "UPDATE SET source_id = excluded.source_id, original_url = "
		       "excluded.original_url, original_at = excluded.original_at",
    S(SO_TAKEDOWN_ADD) = "INSERT INTO takedowns(article_id, removed_at, deadline, created_at, "
			 "note) VALUES (?1, ?2, ?3, ?4, ?5)",
    S(SO_TAKEDOWNS) = "SELECT t.id, t.article_id, t.removed_at, t.deadline, t.created_at, "
		      "coalesce(t.done_at, 0), t.alerts, t.note, coalesce(a.title, '') FROM "
		      "takedowns t LEFT JOIN articles a ON a.id = t.article_id WHERE (?1 = 0 OR "
		      "t.done_at IS NULL) ORDER BY t.done_at IS NOT NULL, CASE WHEN t.done_at IS "
		      "NULL THEN t.deadline ELSE -t.done_at END, t.id LIMIT 500",
    S(SO_TAKEDOWN_DONE) = "UPDATE takedowns SET done_at = ?2 WHERE article_id = ?1 AND done_at "
			  "IS NULL",
    S(SO_TAKEDOWN_CLAIM) = "UPDATE takedowns SET alerts = alerts | ?2 WHERE id = ?1 AND (alerts "
			   "& ?2) = 0",
#undef SOURCE_COLS

    /* search.c */
    /* The newest SEARCH_WINDOW + 1 matches that readers may see, ranked. The index keys an article
     * by -id (migration 34), so that the newest come first in FTS5's ascending order: walking a
     * doclist backwards, FTS5 steps over every entry (a seek included), forwards it skips pages by
     * the doclist index. The row's column sizes are read by the join from FTS5's own table (see
     * doc_len in search.c). */
    S(SR_CANDIDATES) = "SELECT d.id, gz_rank(search_fts, ?2, z.sz), d.published_at "
		       "FROM search_fts CROSS JOIN search_docs d ON d.id = -search_fts.rowid "
		       "LEFT JOIN search_fts_docsize z ON z.id = search_fts.rowid "
		       "WHERE search_fts MATCH ?1 AND d.published_at <= ?3 "
		       "AND (d.expires_at IS NULL OR d.expires_at > ?3) "
		       "AND d.published_at >= ?4 AND d.published_at <= ?5 "
		       "AND search_fts.rowid >= ?7 AND search_fts.rowid <= ?8 "
		       "ORDER BY search_fts.rowid LIMIT ?6",
    /* The same without the rank (the title pass: its expression holds the title's tokens only;
     * the few rows it adds are ranked one by one with SR_RANK_ONE); ?2 is not used. */
    S(SR_TITLE_IDS) = "SELECT d.id, 0.0, d.published_at "
		      "FROM search_fts CROSS JOIN search_docs d ON d.id = -search_fts.rowid "
		      "WHERE search_fts MATCH ?1 AND d.published_at <= ?3 "
		      "AND (d.expires_at IS NULL OR d.expires_at > ?3) "
		      "AND d.published_at >= ?4 AND d.published_at <= ?5 "
		      "AND search_fts.rowid >= ?7 AND search_fts.rowid <= ?8 "
		      "ORDER BY search_fts.rowid LIMIT ?6",
    /* The ids of the articles published on the days from ?1 to ?2 lie within these (migration
     * 36); NULLs when no indexed article was published then. */
    S(SR_DAYS_SPAN) = "SELECT min(lo), max(hi) FROM search_days WHERE day >= ?1 AND day <= ?2",
    /* The ids of the published articles of a part of one day, from the list's index (about a
     * day's articles read); NULLs when none. */
    S(SR_DAYS_EDGE) = "SELECT min(id), max(id) FROM articles WHERE status = 'published' AND "
		      "published_at >= ?1 AND published_at <= ?2",
    S(SR_RANK_ONE) = "SELECT gz_rank(search_fts, ?2) FROM search_fts WHERE search_fts MATCH ?1 "
		     "AND search_fts.rowid = -?3",
    /* Whether a word's exact form stands in a range of the index's keys (drop_absent). */
    S(SR_EXACT_ANY) = "SELECT 1 FROM search_fts WHERE search_fts MATCH ?1 AND rowid >= ?2 AND "
		      "rowid <= ?3 LIMIT 1",
    S(SR_SUBTREE) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM categories c "
		    "JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub LIMIT 256",
    S(SR_ARTICLE) = "SELECT category_id, title, slug, lead, body_text, image_src, image_alt FROM "
		    "articles WHERE id = ?1",
    /* New articles of the transaction into the index at once (sq_tx_commit). CROSS JOIN keeps
     * search_pending (empty but for an import's transaction) the outer loop: SQLite otherwise
     * walked every published article in the status index to probe it, at every commit (view
     * counts, visitor counts: 0.8 M instructions each at 100,000 articles). gz_capture names
     * each row before FTS5 tokenizes it, for the capture of its exact forms (sq_flush_pending). */
    S(SR_PENDING_FLUSH) =
	"INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT gz_capture(-a.id), "
	"char(1) || a.title, a.lead, a.body_text, char(2) || a.category_id FROM search_pending p "
	"CROSS JOIN articles a ON a.id = p.id WHERE a.status = 'published' ORDER BY p.id DESC",
    /* An article's set of exact forms as the flush's capture gives it (sq_flush_pending). */
    S(SR_EXACT_PUT) = "INSERT OR REPLACE INTO search_exact(id, words) VALUES (?1, ?2)",
    /* The same sets made again from the texts (gz_exact), should a capture not be in step. */
    S(SR_PENDING_EXACT) = "INSERT OR REPLACE INTO search_exact(id, words) SELECT a.id, "
			  "gz_exact(a.title, a.lead, a.body_text) FROM search_pending p CROSS JOIN "
			  "articles a ON a.id = p.id WHERE a.status = 'published'",
    S(SR_PENDING_CLEAR) = "DELETE FROM search_pending",
    S(SR_CLEAR_DOCS) = "DELETE FROM search_docs",
    S(SR_CLEAR_DAYS) = "DELETE FROM search_days",
    S(SR_CLEAR_FTS) = "INSERT INTO search_fts(search_fts) VALUES ('delete-all')",
    S(SR_CLEAR_EXACT) = "DELETE FROM search_exact",
    /* The reindex walks down from the newest, so that FTS5 is given ascending rowids (-id) and
     * writes a segment only when its hash is full: a rowid below the last one written makes
     * it write out what it holds. */
    S(SR_FILL_FTS) =
	"INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT -id, "
	"char(1) || title, lead, body_text, char(2) || category_id FROM articles WHERE status = "
	"'published' AND id < ?1 AND id >= ?2 ORDER BY id DESC",
    S(SR_FILL_DOCS) = "INSERT INTO search_docs SELECT id, category_id, coalesce(published_at, 0), "
		      "expires_at FROM articles WHERE status = 'published' AND id < ?1 AND id >= "
		      "?2",
    S(SR_FILL_EXACT) = "INSERT INTO search_exact(id, words) SELECT id, gz_exact(title, lead, "
		       "body_text) FROM articles WHERE status = 'published' AND id < ?1 AND id >= "
		       "?2",
    S(SR_BATCH_END) = "SELECT min(id), count(*) FROM (SELECT id FROM articles WHERE status = "
		      "'published' AND id < ?1 ORDER BY id DESC LIMIT 500)",
    /* media.c */
    S(SM_ADD) =
	"INSERT INTO media(file, thumb, name, mime, bytes, width, height, user_id, "
	"created_at, fold) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0), ?9, gz_fold(?3))",
    S(SM_LIST) = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		 "WHERE " MEDIA_MATCH("?3") " ORDER BY m.id DESC LIMIT ?1 OFFSET ?2",
    /* CASE evaluates one branch: without a filter, the count of the table alone (fast) */
    S(SM_COUNT) = "SELECT CASE WHEN ?1 = '' THEN (SELECT count(*) FROM media) ELSE (SELECT "
		  "count(*) FROM media m WHERE " MEDIA_MATCH("?1") ") END",
    S(SM_BY_ID) = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		  "WHERE m.id = ?1",
    S(SM_DESCRIBE) = "UPDATE media SET name = coalesce(?2, name), alt = coalesce(?3, alt), "
		     "caption = coalesce(?4, caption), fold = gz_fold(coalesce(?2, name) || ' ' || "
		     "coalesce(?3, alt) || ' ' || coalesce(?4, caption)) WHERE id = ?1",
    S(SM_DELETE) = "DELETE FROM media WHERE id = ?1",
    S(SM_USES) = MEDIA_USES,
    S(SM_GET) = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		"WHERE m.file = ?1 OR (m.thumb = ?1 AND m.thumb <> '') LIMIT 1",
    S(SM_SET_SIZE) = "UPDATE media SET width = ?2, height = ?3, bytes = ?4 WHERE id = ?1",

    /* legacy.c */
    S(SL_KEY_GET) = "SELECT new_id, value FROM import_keys WHERE key = ?1",
    S(SL_KEY_SET) =
	"INSERT INTO import_keys(key, new_id, value) VALUES (?1, ?2, ?3) "
	"ON CONFLICT(key) DO UPDATE SET new_id = excluded.new_id, value = excluded.value",
    S(SL_REDIRECT_GET) = "SELECT target FROM redirects WHERE old = ?1",
    S(SL_REDIRECT_SET) = "INSERT INTO redirects(old, target) VALUES (?1, ?2) "
			 "ON CONFLICT(old) DO UPDATE SET target = excluded.target "
			 "WHERE target <> excluded.target",

/* pages.c */
#define PAGE_COLS                                                                                  \
	"p.id, coalesce(p.parent_id, 0), p.position, p.updated_at, p.slug, p.title, p.body_html, " \
	"p.status, p.revision, coalesce(p.owner_id, 0), p.title_en, p.body_en"
    S(SP_PAGES) = "SELECT " PAGE_COLS " FROM pages p ORDER BY coalesce(p.parent_id, 0), "
		  "p.position, p.title, p.id",
    S(SP_PAGE_BY_SLUG) = "SELECT " PAGE_COLS " FROM pages p WHERE p.slug = ?1",
    S(SP_PAGE_BY_ID) = "SELECT " PAGE_COLS " FROM pages p WHERE p.id = ?1",
#undef PAGE_COLS
    S(SP_PAGE_BELOW) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT p.id FROM pages p "
		       "JOIN sub ON p.parent_id = sub.id) SELECT 1 FROM sub WHERE id = ?2",
    S(SP_PAGE_INSERT) =
	"INSERT INTO pages(parent_id, position, slug, title, body_html, "
	"updated_at, status, owner_id, title_en, body_en) VALUES (nullif(?1, 0), ?2, ?3, "
	"?4, ?5, ?6, ?8, nullif(?9, 0), ?11, ?12)",
    /* ?7 the page, ?10 the revision the writer started from (0: no check); ?11, ?12 the English
     * title and body (issue 13). */
    S(SP_PAGE_UPDATE) = "UPDATE pages SET parent_id = nullif(?1, 0), position = ?2, slug = ?3, "
			"title = ?4, body_html = ?5, updated_at = ?6, status = ?8, revision = "
			"revision + 1, title_en = ?11, body_en = ?12 WHERE id = ?7 AND (?10 = 0 OR "
			"revision = ?10)",
    S(SP_PAGE_CHILDREN) = "SELECT count(*) FROM pages WHERE parent_id = ?1",
    S(SP_PAGE_DELETE) = "DELETE FROM pages WHERE id = ?1",
    S(SP_PAGE_STATUS) = "UPDATE pages SET status = ?2, updated_at = ?3 WHERE id = ?1",
    /* The page's current state as its revision, unless that revision is kept already. */
    S(SP_PAGE_SNAPSHOT) = "INSERT OR IGNORE INTO page_revisions(page_id, revision, created_at, "
			  "user_id, parent_id, position, slug, title, body_html) SELECT id, "
			  "revision, coalesce(nullif(?3, 0), updated_at), nullif(?2, 0), "
			  "coalesce(parent_id, 0), position, slug, title, body_html FROM pages "
			  "WHERE id = ?1",
#define PREV_COLS                                                                                  \
	"r.page_id, r.revision, r.created_at, coalesce(r.user_id, 0), coalesce(u.name, ''), "      \
	"r.parent_id, r.position, r.slug, r.title, r.body_html"
    S(SP_PAGE_REVISIONS) = "SELECT " PREV_COLS " FROM page_revisions r LEFT JOIN users u ON "
			   "u.id = r.user_id WHERE r.page_id = ?1 ORDER BY r.revision DESC",
    S(SP_PAGE_REVISION) = "SELECT " PREV_COLS " FROM page_revisions r LEFT JOIN users u ON u.id "
			  "= r.user_id WHERE r.page_id = ?1 AND r.revision = ?2",
#undef PREV_COLS

    /* org.c */
    S(SO_UNITS) = "SELECT id, coalesce(parent_id, 0), position, updated_at, name, slug, functions, "
		  "address, phone, fax, email, website, name_en, functions_en FROM org_units "
		  "ORDER BY coalesce(parent_id, "
		  "0), position, name, id",
    S(SO_PEOPLE) = "SELECT id, unit_id, sort_order, updated_at, name, title, phone, email, photo, "
		   "name_en, title_en "
		   "FROM org_people ORDER BY unit_id, sort_order, name, id",
    S(SO_UNIT_BELOW) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT u.id FROM org_units "
		       "u JOIN sub ON u.parent_id = sub.id) SELECT 1 FROM sub WHERE id = ?2",
    S(SO_UNIT_INSERT) =
	"INSERT INTO org_units(parent_id, position, name, slug, functions, "
	"address, phone, fax, email, website, updated_at, name_en, functions_en) "
	"VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    S(SO_UNIT_UPDATE) = "UPDATE org_units SET parent_id = nullif(?1, 0), position = ?2, name = ?3, "
			"slug = ?4, functions = ?5, address = ?6, phone = ?7, fax = ?8, email = "
			"?9, website = ?10, updated_at = ?11, name_en = ?13, functions_en = ?14 "
			"WHERE id = ?12",
    S(SO_UNIT_USED) = "SELECT (SELECT count(*) FROM org_units WHERE parent_id = ?1) + (SELECT "
		      "count(*) FROM org_people WHERE unit_id = ?1)",
    S(SO_UNIT_DELETE) = "DELETE FROM org_units WHERE id = ?1",
    S(SO_PERSON_INSERT) =
	"INSERT INTO org_people(unit_id, sort_order, name, title, phone, email, "
	"photo, updated_at, name_en, title_en) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	"?8, ?9, ?10)",
    S(SO_PERSON_UPDATE) = "UPDATE org_people SET unit_id = ?1, sort_order = ?2, name = ?3, title = "
			  "?4, phone = ?5, email = ?6, photo = ?7, updated_at = ?8, name_en = ?10, "
			  "title_en = ?11 WHERE id = ?9",
    S(SO_PERSON_DELETE) = "DELETE FROM org_people WHERE id = ?1",
    /* translations.c */
    S(ST_TRANSLATION_GET) = "SELECT article_id, updated_at, lang, title, lead, body_html FROM "
			    "article_translations WHERE article_id = ?1 AND lang = ?2",
    S(ST_TRANSLATION_PUT) =
	"INSERT INTO article_translations(article_id, lang, title, lead, "
	"body_html, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON "
	"CONFLICT(article_id, lang) DO UPDATE SET title = excluded.title, lead = "
	"excluded.lead, body_html = excluded.body_html, updated_at = "
	"excluded.updated_at",
    S(ST_TRANSLATION_DELETE) = "DELETE FROM article_translations WHERE article_id = ?1 AND "
			       "lang = ?2",
    S(ST_TRANSLATIONS) = "SELECT article_id, updated_at, lang, title, lead, '' FROM "
			 "article_translations WHERE lang = ?1 ORDER BY updated_at DESC, "
			 "article_id DESC LIMIT ?2",
    /* documents.c */
    S(SD_NAMES) = "SELECT id, name, position FROM doc_lists WHERE list = ?1 ORDER BY position, "
		  "name",
    S(SD_NAME_FIND) = "SELECT id FROM doc_lists WHERE list = ?1 AND name = ?2",
    S(SD_NAME_INSERT) = "INSERT INTO doc_lists(list, name, position) VALUES (?1, ?2, "
			"coalesce((SELECT max(position) + 1 FROM doc_lists WHERE list = ?1), 0)) "
			"ON CONFLICT DO NOTHING",
    S(SD_NAME_UPDATE) = "UPDATE doc_lists SET name = ?3, position = ?4 WHERE list = ?1 AND id = ?2",
    S(SD_NAME_LIST_OF) = "SELECT list FROM doc_lists WHERE id = ?1",
    S(SD_NAME_USED) = "SELECT EXISTS (SELECT 1 FROM documents WHERE kind_id = ?1) OR EXISTS "
		      "(SELECT 1 FROM documents WHERE issuer_id = ?1) OR EXISTS (SELECT 1 FROM "
		      "documents WHERE field_id = ?1)",
    S(SD_NAME_DELETE) = "DELETE FROM doc_lists WHERE list = ?1 AND id = ?2",
    S(SD_REVISION) = "SELECT revision FROM documents WHERE id = ?1",
    S(SD_INSERT) = "INSERT INTO documents(id, kind_id, issuer_id, field_id, number, slug, summary, "
		   "body_html, signer, signer_position, issued_on, effective_on, expires_on, "
		   "comment_from, comment_until, status, published_at, created_at, updated_at, "
		   "revision, owner_id) VALUES (nullif(?1, 0), ?2, ?3, nullif(?4, 0), ?5, ?6, ?7, "
		   "?8, ?9, ?10, ?11, nullif(?12, " NODATE "), nullif(?13, " NODATE "), "
		   "nullif(?14, " NODATE "), nullif(?15, " NODATE "), CASE WHEN ?16 THEN "
		   "'published' ELSE 'draft' END, CASE WHEN ?16 THEN coalesce(nullif(?17, 0), ?18) "
		   "END, ?18, ?18, 1, nullif(?19, 0))",
    S(SD_UPDATE) =
	"UPDATE documents SET kind_id = ?2, issuer_id = ?3, field_id = nullif(?4, 0), "
	"number = ?5, slug = ?6, summary = ?7, body_html = ?8, signer = ?9, "
	"signer_position = ?10, issued_on = ?11, effective_on = nullif(?12, " NODATE "), "
	"expires_on = nullif(?13, " NODATE "), comment_from = nullif(?14, " NODATE "), "
	"comment_until = nullif(?15, " NODATE "), status = CASE WHEN ?16 THEN "
	"'published' ELSE 'draft' END, published_at = CASE WHEN ?16 THEN "
	"coalesce(nullif(?17, 0), published_at, ?18) ELSE published_at END, "
	"updated_at = ?18, revision = revision + 1 WHERE id = ?1 AND (?20 = 0 OR "
	"revision = ?20)",
    S(SD_GET) = "SELECT " DOC_COLS " FROM " DOC_FROM " WHERE d.id = ?1",
    S(SD_SET_STATUS) = "UPDATE documents SET status = CASE WHEN ?2 THEN 'published' ELSE 'draft' "
		       "END, published_at = CASE WHEN ?2 THEN coalesce(nullif(?3, 0), "
		       "published_at, ?4) ELSE published_at END, updated_at = ?4, revision = "
		       "revision + 1 WHERE id = ?1",
    S(SD_DELETE) = "DELETE FROM documents WHERE id = ?1",
    S(SD_REPLACED_BY) = "SELECT to_id FROM document_relations WHERE from_id = ?1 AND kind = "
			"'replaces' LIMIT ?2",
    S(SD_RELS_CLEAR) = "DELETE FROM document_relations WHERE from_id = ?1",
    S(SD_REL_ADD) = "INSERT OR IGNORE INTO document_relations(from_id, to_id, kind) VALUES (?1, "
		    "?2, ?3)",
    S(SD_REPLACED_REFRESH) = "UPDATE documents SET replaced_on = (SELECT "
			     "min(coalesce(n.effective_on, n.issued_on)) FROM document_relations "
			     "r JOIN documents n ON n.id = r.from_id WHERE r.to_id = ?1 AND "
			     "r.kind = 'replaces' AND n.status = 'published') WHERE id = ?1",
    S(SD_FTS_DELETE) = "DELETE FROM doc_fts WHERE rowid = ?1",
    S(SD_FTS_INSERT) =
	"INSERT INTO doc_fts(rowid, number, summary, text, tags) " DOC_FTS_ROW " AND d.id = ?1",
    S(SD_LIST) = "SELECT " DOC_ROW_COLS " FROM " DOC_FROM " WHERE " DOC_FILTER
		 " ORDER BY d.issued_on DESC, d.id DESC LIMIT ?9 OFFSET ?10",
    S(SD_COUNT) = "SELECT count(*) FROM documents d WHERE " DOC_FILTER,
    S(SD_CANDIDATES) = "SELECT doc_fts.rowid, gz_rank(doc_fts, ?12) FROM doc_fts CROSS JOIN "
		       "documents d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ?11 AND " DOC_FILTER
		       " ORDER BY doc_fts.rowid DESC LIMIT ?9",
    S(SD_ROW) = "SELECT " DOC_ROW_COLS " FROM " DOC_FROM " WHERE d.id = ?1",
    S(SD_LINKS) = "SELECT r.kind, 0, d.id, d.number, d.slug, d.summary, d.status = 'published' "
		  "FROM document_relations r JOIN documents d ON d.id = r.to_id WHERE r.from_id = "
		  "?1 UNION ALL SELECT r.kind, 1, d.id, d.number, d.slug, d.summary, d.status = "
		  "'published' FROM document_relations r JOIN documents d ON d.id = r.from_id "
		  "WHERE r.to_id = ?1 ORDER BY 2, 1, 3",
    S(SD_FILE_ADD) = "INSERT INTO document_files(document_id, position, file, name, type, bytes, "
		     "downloads, text, created_at) VALUES (?1, coalesce((SELECT max(position) + 1 "
		     "FROM document_files WHERE document_id = ?1), 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    S(SD_FILES) = "SELECT " DOC_FILE_COLS " FROM document_files WHERE document_id = ?1 ORDER BY "
		  "position, id",
    S(SD_FILE_GET) = "SELECT " DOC_FILE_COLS " FROM document_files WHERE id = ?1",
    S(SD_FILE_DELETE) = "DELETE FROM document_files WHERE id = ?1",
    S(SD_DOWNLOAD_ADD) = "UPDATE document_files SET downloads = downloads + ?2 WHERE id = ?1",
    S(SD_COMMENT_ADD) = "INSERT INTO document_comments(document_id, name, email, body, address, "
			"status, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    S(SD_COMMENTS) = "SELECT id, document_id, created_at, name, email, body, address, status FROM "
		     "document_comments WHERE document_id = ?1 AND (?2 < 0 OR status = ?2) ORDER "
		     "BY id",
    S(SD_COMMENT_SET) = "UPDATE document_comments SET status = ?2 WHERE id = ?1",
    S(SD_EACH) = "SELECT " DOC_COLS " FROM " DOC_FROM " WHERE d.id > ?1 ORDER BY d.id LIMIT ?2",
    S(SD_FTS_CLEAR) = "DELETE FROM doc_fts",
    S(SD_FTS_FILL) = "INSERT INTO doc_fts(rowid, number, summary, text, tags) " DOC_FTS_ROW,
};
