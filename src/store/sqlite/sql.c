/* The SQLite backend's statements: one table of SQL, indexed by enum sq_stmt (sqlite-int.h). */
#include "store/sqlite/sqlite-int.h"

#define LIST_COLS                                                                                  \
	"id, category_id, coalesce(published_at, 0), views, title, slug, lead, author, "           \
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
	"id, category_id, status, coalesce(published_at, 0), created_at, updated_at, views, "      \
	"revision, featured, title, slug, lead, body_html, author, signature, source, "            \
	"coalesce(owner_id, 0), coalesce(expires_at, 0), note, image_src, image_alt, "             \
	"image_caption, body_version"

#define ROW_COLS                                                                                   \
	"a.id, a.category_id, coalesce(a.owner_id, 0), a.updated_at, coalesce(a.published_at, "    \
	"0), "                                                                                     \
	"coalesce(a.expires_at, 0), a.revision, a.status, a.featured, a.title, coalesce(u.name, "  \
	"'')"
#define REV_COLS                                                                                   \
	"r.article_id, r.revision, r.created_at, coalesce(r.user_id, 0), coalesce(u.name, ''), "   \
	"r.category_id, r.title, r.lead, r.body_html, r.author, r.signature, r.source, r.tags"
#define USER_COLS "id, name, display_name, role, password_hash, disabled"

#define MEDIA_COLS                                                                                 \
	"m.id, m.file, m.thumb, m.name, m.mime, m.bytes, m.width, m.height, "                      \
	"coalesce(m.user_id, 0), coalesce(u.name, ''), m.created_at"

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
    [SQ_ARTICLE_TAGS] = "SELECT t.name FROM article_tags a JOIN tags t ON t.id = a.tag_id "
			"WHERE a.article_id = ?1 ORDER BY a.position",
    [SQ_ARTICLE_EXISTS] = "SELECT 1 FROM articles WHERE id = ?1",
    [SQ_ARTICLE_INSERT] =
	"INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, author, "
	"signature, source, published_at, views, created_at, updated_at, owner_id, expires_at, "
	"image_src, image_alt, image_caption, body_text, body_version) "
	"VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, nullif(?11, 0), ?12, ?13, "
	"?13, "
	"nullif(?15, 0), nullif(?16, 0), ?18, ?19, ?20, ?21, ?22)",
    [SQ_ARTICLE_UPDATE] =
	"UPDATE articles SET category_id = ?2, status = ?3, title = ?4, slug = ?5, lead = ?6, "
	"body_html = ?7, author = ?8, signature = ?9, source = ?10, published_at = nullif(?11, 0), "
	"views = CASE WHEN ?14 THEN ?12 ELSE views END, updated_at = ?13, revision = revision + 1, "
	"expires_at = nullif(?16, 0), image_src = ?18, image_alt = ?19, image_caption = ?20, "
	"body_text = ?21, body_version = ?22 WHERE id = ?1 AND (?17 = 0 OR revision = ?17)",
    /* Saves the article's current state as its revision, unless that revision is kept already. */
    [SQ_REVISION_SNAPSHOT] =
	"INSERT OR IGNORE INTO revisions(article_id, revision, created_at, user_id, category_id, "
	"title, lead, body_html, author, signature, source, tags) SELECT id, revision, "
	"coalesce(nullif(?3, 0), updated_at), nullif(?2, 0), category_id, title, lead, body_html, "
	"author, signature, source, (SELECT coalesce(group_concat(name, char(10)), '') FROM "
	"(SELECT t.name AS name FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE "
	"x.article_id = ?1 ORDER BY x.position)) FROM articles WHERE id = ?1",
    [SQ_TAG_FIND] = "SELECT id FROM tags WHERE name = ?1",
    [SQ_TAG_SLUG_TAKEN] = "SELECT 1 FROM tags WHERE slug = ?1",
    [SQ_TAG_INSERT] = "INSERT INTO tags(name, slug) VALUES (?1, ?2)",
    [SQ_ARTICLE_TAGS_CLEAR] = "DELETE FROM article_tags WHERE article_id = ?1",
    [SQ_ARTICLE_TAG_ADD] = "INSERT OR IGNORE INTO article_tags(article_id, tag_id, position) "
			   "VALUES (?1, ?2, ?3)",
    [SQ_LIST_ALL_NEWEST] = "SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			   " ORDER BY published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
    [SQ_LIST_ALL_VIEWED] = "SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			   " ORDER BY views DESC, published_at DESC, id DESC LIMIT ?5 OFFSET ?6",
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
    [SQ_VIEWS_ADD] = "UPDATE articles SET views = views + ?2 WHERE id = ?1",
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
/* The article's category is in the list parameter p ("1,5,7"; "" for any category). */
#define SQ_IN_CATS(p) "(" p " = '' OR instr(',' || " p " || ',', ',' || a.category_id || ',') > 0)"
    S(SN_ADMIN_ALL) = "SELECT " ROW_COLS " FROM articles a LEFT JOIN users u ON u.id = a.owner_id "
		      "WHERE (?1 = '' OR a.status = ?1) AND (?2 = 0 OR a.owner_id = ?2) "
		      "AND " SQ_IN_CATS("?5") " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?3 "
					      "OFFSET ?4",
    S(SN_ADMIN_COUNT) = "SELECT count(*) FROM articles a WHERE (?1 = '' OR a.status = ?1) AND "
			"(?2 = 0 OR a.owner_id = ?2) AND " SQ_IN_CATS("?3"),
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
    S(SN_AUDIT_ADD) = "INSERT INTO audit_log(at, user_id, user_name, address, action, object, "
		      "detail) VALUES (?1, nullif(?2, 0), ?3, ?4, ?5, ?6, ?7)",
    S(SN_AUDIT_LIST) = "SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
		       "detail FROM audit_log ORDER BY id DESC LIMIT ?1 OFFSET ?2",
    S(SN_AUDIT_COUNT) = "SELECT count(*) FROM audit_log",

    /* search.c */
    /* The newest SEARCH_WINDOW + 1 matches that readers may see, with their rank. */
    S(SR_CANDIDATES) = "SELECT search_fts.rowid, gz_rank(search_fts, ?2), d.published_at "
		       "FROM search_fts CROSS JOIN search_docs d ON d.id = search_fts.rowid "
		       "WHERE search_fts MATCH ?1 AND d.published_at <= ?3 "
		       "AND (d.expires_at IS NULL OR d.expires_at > ?3) "
		       "AND d.published_at >= ?4 AND d.published_at <= ?5 "
		       "ORDER BY search_fts.rowid DESC LIMIT ?6",
    S(SR_SUBTREE) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION SELECT c.id FROM categories c "
		    "JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub LIMIT 256",
    S(SR_ARTICLE) = "SELECT category_id, title, slug, lead, body_text FROM articles WHERE id = ?1",
    /* New articles of the transaction into the index at once (sq_tx_commit). */
    S(SR_PENDING_FLUSH) =
	"INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT a.id, "
	"a.title, a.lead, a.body_text, 'c' || a.category_id FROM search_pending p "
	"JOIN articles a ON a.id = p.id WHERE a.status = 'published'",
    S(SR_PENDING_CLEAR) = "DELETE FROM search_pending",
    S(SR_CLEAR_DOCS) = "DELETE FROM search_docs",
    S(SR_CLEAR_FTS) = "INSERT INTO search_fts(search_fts) VALUES ('delete-all')",
    S(SR_FILL_FTS) = "INSERT INTO search_fts(rowid, title, lead, body, cat) SELECT id, title, "
		     "lead, body_text, 'c' || category_id FROM articles WHERE status = "
		     "'published' AND id > ?1 AND id <= ?2",
    S(SR_FILL_DOCS) = "INSERT INTO search_docs SELECT id, category_id, coalesce(published_at, 0), "
		      "expires_at FROM articles WHERE status = 'published' AND id > ?1 AND id <= "
		      "?2",
    S(SR_BATCH_END) = "SELECT max(id), count(*) FROM (SELECT id FROM articles WHERE status = "
		      "'published' AND id > ?1 ORDER BY id LIMIT 500)",
    /* media.c */
    S(SM_ADD) = "INSERT INTO media(file, thumb, name, mime, bytes, width, height, user_id, "
		"created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, nullif(?8, 0), ?9)",
    S(SM_LIST) = "SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		 "ORDER BY m.id DESC LIMIT ?1 OFFSET ?2",
    S(SM_COUNT) = "SELECT count(*) FROM media",
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
#define PAGE_COLS "id, coalesce(parent_id, 0), position, updated_at, slug, title, body_html"
    S(SP_PAGES) = "SELECT " PAGE_COLS " FROM pages ORDER BY coalesce(parent_id, 0), position, "
		  "title, id",
    S(SP_PAGE_BY_SLUG) = "SELECT " PAGE_COLS " FROM pages WHERE slug = ?1",
#undef PAGE_COLS
    S(SP_PAGE_BELOW) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT p.id FROM pages p "
		       "JOIN sub ON p.parent_id = sub.id) SELECT 1 FROM sub WHERE id = ?2",
    S(SP_PAGE_INSERT) = "INSERT INTO pages(parent_id, position, slug, title, body_html, "
			"updated_at) VALUES (nullif(?1, 0), ?2, ?3, ?4, ?5, ?6)",
    S(SP_PAGE_UPDATE) = "UPDATE pages SET parent_id = nullif(?1, 0), position = ?2, slug = ?3, "
			"title = ?4, body_html = ?5, updated_at = ?6 WHERE id = ?7",
    S(SP_PAGE_CHILDREN) = "SELECT count(*) FROM pages WHERE parent_id = ?1",
    S(SP_PAGE_DELETE) = "DELETE FROM pages WHERE id = ?1",

    /* org.c */
    S(SO_UNITS) = "SELECT id, coalesce(parent_id, 0), position, updated_at, name, slug, functions, "
		  "address, phone, fax, email, website FROM org_units ORDER BY coalesce(parent_id, "
		  "0), position, name, id",
    S(SO_PEOPLE) = "SELECT id, unit_id, sort_order, updated_at, name, title, phone, email, photo "
		   "FROM org_people ORDER BY unit_id, sort_order, name, id",
    S(SO_UNIT_BELOW) = "WITH RECURSIVE sub(id) AS (SELECT ?1 UNION ALL SELECT u.id FROM org_units "
		       "u JOIN sub ON u.parent_id = sub.id) SELECT 1 FROM sub WHERE id = ?2",
    S(SO_UNIT_INSERT) = "INSERT INTO org_units(parent_id, position, name, slug, functions, "
			"address, phone, fax, email, website, updated_at) VALUES (nullif(?1, 0), "
			"?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    S(SO_UNIT_UPDATE) = "UPDATE org_units SET parent_id = nullif(?1, 0), position = ?2, name = ?3, "
			"slug = ?4, functions = ?5, address = ?6, phone = ?7, fax = ?8, email = "
			"?9, website = ?10, updated_at = ?11 WHERE id = ?12",
    S(SO_UNIT_USED) = "SELECT (SELECT count(*) FROM org_units WHERE parent_id = ?1) + (SELECT "
		      "count(*) FROM org_people WHERE unit_id = ?1)",
    S(SO_UNIT_DELETE) = "DELETE FROM org_units WHERE id = ?1",
    S(SO_PERSON_INSERT) = "INSERT INTO org_people(unit_id, sort_order, name, title, phone, email, "
			  "photo, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    S(SO_PERSON_UPDATE) = "UPDATE org_people SET unit_id = ?1, sort_order = ?2, name = ?3, title = "
			  "?4, phone = ?5, email = ?6, photo = ?7, updated_at = ?8 WHERE id = ?9",
    S(SO_PERSON_DELETE) = "DELETE FROM org_people WHERE id = ?1",
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
