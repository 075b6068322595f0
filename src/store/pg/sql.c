/* The PostgreSQL backend's statements: one table of SQL (run.c prepares and runs them). */
#include "store/pg/pg-int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "store/pg/batch-sql.h"

/* An article's ($1) tag names, one per line in its order ("" for none). */
#define TAG_LINES                                                                                  \
	"coalesce((SELECT string_agg(t.name, E'\\n' ORDER BY x.position) FROM article_tags x "     \
	"JOIN "                                                                                    \
	"tags t ON t.id = x.tag_id WHERE x.article_id = $1), '')"
/* An article's view count (article_views, migration 37), in a statement over `articles`. */
#define VIEWS "(SELECT v.views FROM article_views v WHERE v.article_id = articles.id)"
#define LIST_COLS                                                                                  \
	"id, category_id, coalesce(published_at, 0), " VIEWS ", title, slug, lead, author, "       \
	"image_src, "                                                                              \
	"image_alt, image_caption"
/* List parameters: $1 now, $2 category, $3 excluded id, $4 featured only, $5 limit, $6 offset,
 * $7 tag. */
#define LIST_TYPES "IIIIIII"
#define COUNT_TYPES "IIIIIII"
#define PUBLIC_WHERE                                                                               \
	"status = 'published' AND published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) " \
	"AND id <> $3 AND ($4 = 0 OR featured) AND ($7 = 0 OR id IN (SELECT article_id FROM "      \
	"article_tags WHERE tag_id = $7))"
/* A negative limit means none and a negative offset means 0, as in SQLite. */
#define PAGE " LIMIT (CASE WHEN $5 >= 0 THEN $5 END) OFFSET greatest($6, 0)"
#define SUBTREE                                                                                    \
	"(WITH RECURSIVE sub(id) AS (SELECT $2::bigint UNION SELECT c.id FROM categories c "       \
	"JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub)"
#define ARTICLE_COLS                                                                               \
	"id, category_id, status, coalesce(published_at, 0), created_at, updated_at, " VIEWS ", "  \
	"revision, featured, title, slug, lead, body_html, author, signature, source, "            \
	"coalesce(owner_id, 0), coalesce(expires_at, 0), note, image_src, image_alt, "             \
	"image_caption, body_version"
/* An article as store_article_get reads it: the row, then its tags (position order) and its
 * translations (language order: language, title, language, title...) as comma-separated lists
 * of hex-encoded values (read_lists, content.c). */
#define ARTICLE_LISTS                                                                              \
	"(SELECT string_agg(encode(convert_to(t.name, 'UTF8'), 'hex'), ',' ORDER BY a.position) "  \
	"FROM article_tags a JOIN tags t ON t.id = a.tag_id WHERE a.article_id = articles.id), "   \
	"(SELECT string_agg(encode(convert_to(l.lang, 'UTF8'), 'hex') || ',' || "                  \
	"encode(convert_to(l.title, 'UTF8'), 'hex'), ',' ORDER BY l.lang) FROM "                   \
	"article_translations l WHERE l.article_id = articles.id)"
#define ARTICLE_GET_COLS ARTICLE_COLS ", " ARTICLE_LISTS
/* What a mirror holds of an article (mirror.c): as store_article_get reads it, and its text. */
#define MIRROR_COLS "SELECT " ARTICLE_GET_COLS ", body_text FROM articles "
/* Article put parameters: $1 id .. $14 set views (see article_params), $15 owner, $16 expiry,
 * $17 expected revision, $18..$20 featured image src, alt, caption, $21 body text, $22 the
 * sanitiser's version. */
#define PUT_TYPES "IITTTTTTTTIIIBIIITTTTI"

/* The newsroom list's filters: $1 status, $2 owner, then state at a time, categories
 * (",1,2,"), folded words as a LIKE pattern and the update time's range. */
/* The article's category is in the list parameter p ("1,5,7"; "" for any category). */
#define PG_IN_CATS(p) "(" p " = '' OR a.category_id = ANY (string_to_array(" p ", ',')::bigint[]))"
#define ADMIN_STATE(NOW)                                                                           \
	"CASE a.status WHEN 'draft' THEN CASE WHEN a.note <> '' THEN 'returned' ELSE 'draft' END " \
	"WHEN 'published' THEN CASE WHEN coalesce(a.published_at, 0) > " NOW " THEN 'scheduled' "  \
	"WHEN coalesce(a.expires_at, 0) <> 0 AND a.expires_at <= " NOW " THEN 'expired' ELSE "     \
	"'published' END ELSE a.status END"
#define ADMIN_WHERE(STATE, NOW, CATS, TEXT, FROM, TO, SCOPE)                                       \
	"($1 = '' OR a.status = $1) AND ($2 = 0 OR a.owner_id = $2) AND (" STATE                   \
	" = '' OR " ADMIN_STATE(NOW) " = " STATE ") AND (" CATS                                    \
				     " = '' OR position(',' || a.category_id || "                  \
				     "',' IN " CATS ") > 0) AND (" TEXT                            \
				     " = '' OR a.title_fold LIKE " TEXT " ESCAPE '\\') AND (" FROM \
				     " = 0 OR a.updated_at >= " FROM ") AND (" TO " = 0 OR "       \
				     "a.updated_at < " TO ") AND " PG_IN_CATS(SCOPE)
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
#define PAGE_34 " LIMIT (CASE WHEN $3 >= 0 THEN $3 END) OFFSET greatest($4, 0)"

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
/* $1 drafts too, $2 kind, $3 issuer, $4 field, $5..$6 issue dates, $7 validity (-1 any), $8
 * today; the validity codes are enum doc_validity's (docs/record.h). */
#define DOC_FILTER                                                                                 \
	"($1 = 1 OR d.status = 'published') AND ($2 = 0 OR d.kind_id = $2) AND ($3 = 0 OR "        \
	"d.issuer_id = $3) AND ($4 = 0 OR d.field_id = $4) AND d.issued_on BETWEEN $5 AND $6 AND " \
	"($7 < 0 OR $7 = CASE WHEN coalesce(d.effective_on, d.issued_on) > $8 THEN 2 WHEN "        \
	"d.expires_on <= $8 OR d.replaced_on <= $8 THEN 1 ELSE 0 END)"
#define DOC_TEXT                                                                                   \
	"d.body_html || ' ' || coalesce((SELECT string_agg(text, ' ' ORDER BY id) FROM "           \
	"document_files WHERE document_id = d.id), '')"
#define DOC_VECTORS                                                                                \
	"fold = CASE WHEN d.status = 'published' THEN gz_vector(d.number, d.summary, " DOC_TEXT    \
	", true) END, exact = CASE WHEN d.status = 'published' THEN gz_vector(d.number, "          \
	"d.summary, " DOC_TEXT ", false) END"
#define DOC_FILE_COLS "id, document_id, file, name, type, bytes, downloads, created_at, position"

/* A BIGSERIAL column takes no NULL: id 0 asks the sequence explicitly. */
#define ARTICLE_INSERT                                                                             \
	"INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, author, "     \
	"signature, source, published_at, views_start, created_at, updated_at, owner_id, "         \
	"expires_at, image_src, image_alt, image_caption, body_text, body_version) VALUES "        \
	"(coalesce(nullif($1, "                                                                    \
	"0), nextval('articles_id_seq')), $2, $3, $4, $5, $6, $7, $8, $9, $10, nullif($11, 0), "   \
	"$12, $13, $13, nullif($15, 0), nullif($16, 0), $18, $19, $20, $21, $22)"
#define ARTICLE_UPDATE                                                                             \
	"UPDATE articles SET category_id = $2, status = $3, title = $4, slug = $5, lead = $6, "    \
	"body_html = $7, author = $8, signature = $9, source = $10, published_at = nullif($11, "   \
	"0), updated_at = $13, revision = "                                                        \
	"revision "                                                                                \
	"+ 1, expires_at = nullif($16, 0), image_src = $18, image_alt = $19, image_caption = "     \
	"$20, "                                                                                    \
	"body_text = $21, body_version = $22 WHERE id = $1 AND ($17 = 0 OR revision = $17)"
/* The search row of the article written by the CTE `a`, from the tsvectors of its title, lead and
 * body text made by the client (words.c), folded ($23), exact ($24) and its pairs ($25): what the
 * search trigger's gz_vector_text, and gz_pairs of that, make of the same text. */
#define SEARCH_FROM_WORDS                                                                          \
	" INSERT INTO search_docs(id, category_id, published_at, expires_at, fold, exact, pairs) " \
	"SELECT id, category_id, coalesce(published_at, 0), expires_at, $23::tsvector, "           \
	"$24::tsvector, $25::int2[] FROM a ON CONFLICT (id) DO UPDATE SET category_id = "          \
	"EXCLUDED.category_id, published_at = EXCLUDED.published_at, expires_at = "                \
	"EXCLUDED.expires_at, fold = EXCLUDED.fold, exact = EXCLUDED.exact, pairs = "              \
	"EXCLUDED.pairs RETURNING id"
#define A_COLS " RETURNING id, category_id, published_at, expires_at)"

const struct pg_sql pg_sql[PG_MAX] = {
    [PG_SETTING_GET] = {"SELECT value FROM settings WHERE key = $1", "T"},
    [PG_SETTING_SET] = {"INSERT INTO settings(key, value) VALUES ($1, $2) "
			"ON CONFLICT(key) DO UPDATE SET value = excluded.value",
			"TT"},
    [PG_CATEGORIES] = {"SELECT id, coalesce(parent_id, 0), position, name, slug FROM categories "
		       "ORDER BY coalesce(parent_id, 0), position, name",
		       ""},
    [PG_CATEGORY_FIND] = {"SELECT id FROM categories WHERE coalesce(parent_id, 0) = $1 AND "
			  "name = $2",
			  "IT"},
    [PG_CATEGORY_SLUG_TAKEN] = {"SELECT 1 FROM categories WHERE coalesce(parent_id, 0) = $1 AND "
				"slug = $2",
				"IT"},
    /* ON CONFLICT: another node made the same category a moment ago; the caller looks again. */
    [PG_CATEGORY_INSERT] = {"INSERT INTO categories(parent_id, name, slug, position) VALUES "
			    "(nullif($1, 0), $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM "
			    "categories WHERE coalesce(parent_id, 0) = $1)) "
			    "ON CONFLICT DO NOTHING RETURNING id",
			    "ITT"},
    /* The row, then its tags in position order and its translations in language order (a
     * language, then its title), each value hex-encoded, separated by ',': one statement. */
    [PG_ARTICLE_GET] = {"SELECT " ARTICLE_GET_COLS " FROM articles WHERE id = $1", "I"},
    [PG_ARTICLE_EXISTS] = {"SELECT 1 FROM articles WHERE id = $1", "I"},
    [PG_ARTICLE_INSERT] = {ARTICLE_INSERT " RETURNING id", PUT_TYPES},
    [PG_ARTICLE_UPDATE] = {ARTICLE_UPDATE, PUT_TYPES},
    /* Saves the article's current state as its revision, unless that revision is kept already. */
    [PG_REVISION_SNAPSHOT] = {"INSERT INTO revisions(article_id, revision, created_at, user_id, "
			      "category_id, title, lead, body_html, author, signature, source, "
			      "tags, image_src, image_alt, image_caption) SELECT id, revision, "
			      "coalesce(nullif($3, 0), updated_at), nullif($2, 0), category_id, "
			      "title, lead, body_html, author, signature, source, " TAG_LINES
			      ", image_src, image_alt, image_caption FROM articles WHERE id = $1 "
			      "ON CONFLICT DO NOTHING",
			      "III"},
    /* After inserts with given ids; never moves back (uncommitted numbers stay unique). */
    [PG_ARTICLE_SEQ_ADVANCE] = {"SELECT setval('articles_id_seq', greatest(max(id), (SELECT "
				"last_value FROM articles_id_seq))) FROM articles",
				""},
    [PG_TAG_FIND] = {"SELECT id FROM tags WHERE name = $1", "T"},
    [PG_TAG_SLUG_TAKEN] = {"SELECT 1 FROM tags WHERE slug = $1", "T"},
    [PG_TAG_INSERT] = {"INSERT INTO tags(name, slug) VALUES ($1, $2) ON CONFLICT DO NOTHING "
		       "RETURNING id",
		       "TT"},
    [PG_ARTICLE_TAGS_CLEAR] = {"DELETE FROM article_tags WHERE article_id = $1", "I"},
    [PG_ARTICLE_TAG_ADD] = {"INSERT INTO article_tags(article_id, tag_id, position) VALUES ($1, "
			    "$2, $3) ON CONFLICT DO NOTHING",
			    "III"},
    [PG_LIST_ALL_NEWEST] = {"SELECT " LIST_COLS " FROM articles WHERE " PUBLIC_WHERE
			    " ORDER BY published_at DESC, id DESC" PAGE,
			    LIST_TYPES},
    /* Walked in the views index (article_views_views), each article read by its key. */
    [PG_LIST_ALL_VIEWED] = {"SELECT " LIST_COLS " FROM article_views w JOIN articles ON "
			    "articles.id = w.article_id WHERE " PUBLIC_WHERE
			    " ORDER BY w.views DESC, published_at DESC, id DESC" PAGE,
			    LIST_TYPES},
    [PG_LIST_CAT_NEWEST] = {"SELECT " LIST_COLS " FROM articles WHERE category_id = $2 "
			    "AND " PUBLIC_WHERE " ORDER BY published_at DESC, id DESC" PAGE,
			    LIST_TYPES},
    /* The related list's common case (no filter nor offset): one generic plan, not re-planned. */
    [PG_LIST_CAT_PLAIN] = {"SELECT " LIST_COLS " FROM articles WHERE category_id = $2 AND "
			   "status = 'published' AND published_at <= $1 AND (expires_at IS NULL "
			   "OR expires_at > $1) AND id <> $3 ORDER BY published_at DESC, id DESC "
			   "LIMIT $5",
			   LIST_TYPES},
    [PG_LIST_TREE_NEWEST] = {"SELECT " LIST_COLS " FROM articles WHERE category_id IN " SUBTREE
			     " AND " PUBLIC_WHERE " ORDER BY published_at DESC, id DESC" PAGE,
			     LIST_TYPES},
    [PG_COUNT_ALL] = {"SELECT count(*) FROM articles WHERE " PUBLIC_WHERE, COUNT_TYPES},
    [PG_COUNT_CAT] = {"SELECT count(*) FROM articles WHERE category_id = $2 AND " PUBLIC_WHERE,
		      COUNT_TYPES},
    [PG_COUNT_TREE] = {"SELECT count(*) FROM articles WHERE category_id IN " SUBTREE
		       " AND " PUBLIC_WHERE,
		       COUNT_TYPES},
    [PG_EACH] = {"SELECT " ARTICLE_COLS " FROM articles WHERE id > $1 ORDER BY id LIMIT $2", "II"},
    /* The tags of one page of PG_EACH at once: ids in ($1, $2]. */
    [PG_EACH_TAGS] = {"SELECT a.article_id, t.name FROM article_tags a JOIN tags t ON t.id = "
		      "a.tag_id WHERE a.article_id > $1 AND a.article_id <= $2 "
		      "ORDER BY a.article_id, a.position",
		      "II"},
    [PG_MAX_ID] = {"SELECT coalesce(max(id), 0) FROM articles", ""},
    /* The lowest id no article has (for when the highest is at STORE_ID_MAX). */
    [PG_FREE_ID] =
	{"SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM articles WHERE id = 1) THEN 1 ELSE "
	 "(SELECT min(a.id) + 1 FROM articles a WHERE NOT EXISTS (SELECT 1 FROM articles b "
	 "WHERE b.id = a.id + 1)) END",
	 ""},
    [PG_VIEWS_ADD] = {"UPDATE article_views SET views = views + $2 WHERE article_id = $1", "II"},
    /* An import's count for an article that exists ($1 id, $2 views). */
    [PG_ARTICLE_VIEWS_SET] = {"UPDATE article_views SET views = $2 WHERE article_id = $1", "II"},
    /* A second's view counts in one statement (pg_views_add_batch): $1 the article ids
     * (ascending), $2 their counts, $3 the day (0: no daily rows). Rows are locked in id order
     * (the materialised `l`), daily rows written in article order and category rows in category
     * order, as the one-by-one path does, so two nodes adding at once never wait in a circle.
     * The category is the count row's own (cat_id, migration 43: no read of articles), and the
     * row's transaction is set here for the mirrors (its trigger then does nothing). A deleted
     * article has no count row, so it gets no daily row. */
    [PG_VIEWS_BATCH] =
	{"WITH d AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS d(id, n)), "
	 "l AS MATERIALIZED (SELECT d.id, d.n FROM d JOIN article_views v ON v.article_id = d.id "
	 "ORDER BY d.id FOR UPDATE OF v), "
	 "w AS (UPDATE article_views v SET views = v.views + l.n, xid = pg_current_xact_id() FROM "
	 "l "
	 "WHERE v.article_id = l.id RETURNING v.article_id, v.cat_id, l.n), "
	 "dd AS (INSERT INTO views_daily(article_id, day, views) SELECT article_id, $3, n FROM w "
	 "WHERE $3 > 0 ORDER BY article_id ON CONFLICT(article_id, day) DO UPDATE SET views = "
	 "views_daily.views + excluded.views) "
	 "INSERT INTO views_daily_cat(category_id, day, views) SELECT cat_id, $3, sum(n) FROM w "
	 "WHERE $3 > 0 GROUP BY cat_id ORDER BY cat_id ON CONFLICT(category_id, day) DO UPDATE SET "
	 "views = views_daily_cat.views + excluded.views",
	 "TTI"},
    [PG_USER_GET] = {"SELECT id, name, display_name, role, password_hash, disabled FROM users "
		     "WHERE name = $1",
		     "T"},
    [PG_USER_INSERT] = {"INSERT INTO users(name, display_name, role, password_hash, created_at) "
			"VALUES ($1, $2, $3, $4, $5) RETURNING id",
			"TTTTI"},
    [PG_CONTENT_VERSION] = {"SELECT value FROM meta WHERE key = 'content_version'", ""},
    /* Bodies an older sanitiser made (by the index articles_body_version), and re-made. */
    [PG_BODIES_STALE] = {"SELECT id, body_html FROM articles WHERE body_version < $1 ORDER BY "
			 "body_version, id LIMIT $2",
			 "II"},
    [PG_BODY_SET] = {"UPDATE articles SET body_html = $2, body_text = $3, body_version = $4 "
		     "WHERE id = $1",
		     "ITTI"},
    [PG_BODY_SET_TEXT] = {"UPDATE articles SET body_text = $3, body_version = $4 WHERE id = $1",
			  "ITTI"},
    /* 'given': the client made the search words (words.c); the trigger leaves the row alone. */
    [PG_SEARCH_GIVEN] = {"SELECT set_config('gazette.search_words', $1, true)", "T"},
    /* A published article and its search row in one statement (PG_SEARCH_GIVEN around it). */
    [PG_ARTICLE_INSERT_WORDS] = {"WITH a AS (" ARTICLE_INSERT A_COLS SEARCH_FROM_WORDS,
				 PUT_TYPES "TTT"},
    [PG_ARTICLE_UPDATE_WORDS] = {"WITH a AS (" ARTICLE_UPDATE A_COLS SEARCH_FROM_WORDS,
				 PUT_TYPES "TTT"},
    /* the newsroom */
    [PG_SET_STATUS] = {"UPDATE articles SET status = $2, published_at = CASE WHEN $2 = "
		       "'published' THEN coalesce(nullif($3, 0), published_at, $4) ELSE "
		       "coalesce(nullif($3, 0), published_at) END, note = $5, updated_at = $4 "
		       "WHERE id = $1",
		       "ITIIT"},
    [PG_SET_FEATURED] = {"UPDATE articles SET featured = $2 WHERE id = $1", "IB"},
    [PG_ADMIN_ALL] = {"SELECT " ROW_COLS " FROM articles a LEFT JOIN users u ON u.id = "
		      "a.owner_id WHERE " ADMIN_WHERE(
			  "$5", "$6", "$7", "$8", "$9", "$10",
			  "$11") " ORDER BY a.updated_at DESC, a.id DESC" PAGE_34,
		      "TIIITITTIIT"},
    [PG_ADMIN_COUNT] = {"SELECT count(*) FROM (SELECT 1 FROM articles a WHERE " ADMIN_WHERE(
			    "$3", "$4", "$5", "$6", "$7", "$8", "$9") " LIMIT 1001) x",
			"TITITTIIT"},
    [PG_ADMIN_STATE_COUNT] = {"SELECT count(*) FROM articles a WHERE a.status = $1 AND ($2 = 0 OR "
			      "a.owner_id = $2) AND ($3 = 0 OR ($3 = 1) = (a.note <> '')) AND "
			      "$4 < 0",
			      "TIII"},
    [PG_ADMIN_SCHEDULED_COUNT] = {"SELECT count(*) FROM articles a WHERE a.status = $1 AND "
				  "a.published_at > $4 AND ($2 = 0 OR a.owner_id = $2) AND $3 = 0",
				  "TIII"},
    [PG_REVISIONS] = {"SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
		      "r.user_id WHERE r.article_id = $1 ORDER BY r.revision DESC",
		      "I"},
    [PG_REVISION_GET] = {"SELECT " REV_COLS " FROM revisions r LEFT JOIN users u ON u.id = "
			 "r.user_id WHERE r.article_id = $1 AND r.revision = $2",
			 "II"},
    [PG_NEXT_CHANGE] = {"SELECT least((SELECT min(published_at) FROM articles WHERE status = "
			"'published' AND published_at > $1), (SELECT min(expires_at) FROM "
			"articles WHERE status = 'published' AND expires_at > $1))",
			"I"},
    /* Is $2 (the new parent) $1 itself or below it? */
    [PG_CATEGORY_CYCLE] = {"WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION SELECT c.id FROM "
			   "categories c JOIN sub ON c.parent_id = sub.id) SELECT 1 FROM sub "
			   "WHERE id = $2",
			   "II"},
    [PG_CATEGORY_UPDATE] = {"UPDATE categories SET parent_id = nullif($2, 0), name = $3, slug = "
			    "$4, position = $5 WHERE id = $1",
			    "IITTI"},
    [PG_CATEGORY_USED] = {"SELECT (SELECT count(*) FROM articles WHERE category_id = $1) + "
			  "(SELECT count(*) FROM categories WHERE parent_id = $1)",
			  "I"},
    [PG_CATEGORY_DELETE] = {"DELETE FROM categories WHERE id = $1", "I"},
    [PG_TAGS] = {"SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = t.id), "
		 "t.name, t.slug FROM tags t ORDER BY t.name",
		 ""},
    [PG_TAG_BY_SLUG] = {"SELECT t.id, (SELECT count(*) FROM article_tags x WHERE x.tag_id = "
			"t.id), t.name, t.slug FROM tags t WHERE t.slug = $1",
			"T"},
    [PG_TAG_RENAME] = {"UPDATE tags SET name = $2, slug = $3 WHERE id = $1", "ITT"},
    [PG_TAG_DELETE_LINKS] = {"DELETE FROM article_tags WHERE tag_id = $1", "I"},
    [PG_TAG_DELETE] = {"DELETE FROM tags WHERE id = $1", "I"},
    [PG_CATEGORY_COUNTS] = {"SELECT category_id, count(*) FROM articles GROUP BY category_id", ""},
    [PG_AUTOSAVE_PUT] = {"INSERT INTO autosaves (user_id, article_id, saved_at, data) VALUES "
			 "($1, $2, $3, $4) ON CONFLICT (user_id, article_id) DO UPDATE SET "
			 "saved_at = excluded.saved_at, data = excluded.data",
			 "IIIT"},
    [PG_AUTOSAVE_GET] = {"SELECT saved_at, data FROM autosaves WHERE user_id = $1 AND "
			 "article_id = $2",
			 "II"},
    [PG_AUTOSAVE_DELETE] = {"DELETE FROM autosaves WHERE user_id = $1 AND article_id = $2", "II"},
    [PG_USER_BY_ID] = {"SELECT " USER_COLS " FROM users WHERE id = $1", "I"},
    [PG_USERS] = {"SELECT " USER_COLS " FROM users ORDER BY name", ""},
    [PG_USER_CATS] = {"SELECT category_id FROM user_categories WHERE user_id = $1 ORDER BY "
		      "category_id",
		      "I"},
    [PG_USER_UPDATE] = {"UPDATE users SET display_name = $2, role = $3, disabled = $4 WHERE id "
			"= $1",
			"ITTB"},
    [PG_USER_PASSWORD] = {"UPDATE users SET password_hash = $2 WHERE id = $1", "IT"},
    [PG_USER_CATS_CLEAR] = {"DELETE FROM user_categories WHERE user_id = $1", "I"},
    [PG_USER_CATS_ADD] = {"INSERT INTO user_categories(user_id, category_id) VALUES ($1, $2) "
			  "ON CONFLICT DO NOTHING",
			  "II"},
    [PG_USER_RIGHT_GET] = {"SELECT 1 FROM user_rights WHERE user_id = $1 AND name = $2", "IT"},
    [PG_USER_RIGHT_ADD] = {"INSERT INTO user_rights VALUES ($1, $2) ON CONFLICT DO NOTHING", "IT"},
    [PG_USER_RIGHT_DEL] = {"DELETE FROM user_rights WHERE user_id = $1 AND name = $2", "IT"},
    [PG_SESSION_PURGE] = {"DELETE FROM sessions WHERE expires_at <= $1", "I"},
    [PG_SESSION_ADD] = {"INSERT INTO sessions(token_hash, user_id, csrf, created_at, "
			"expires_at, address) VALUES ($1, $2, $3, $4, $5, $6)",
			"TITIIT"},
    [PG_SESSION_GET] = {"SELECT s.user_id, s.expires_at, s.csrf FROM sessions s JOIN users u ON "
			"u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND NOT "
			"u.disabled",
			"TI"},
    [PG_SESSION_DELETE] = {"DELETE FROM sessions WHERE token_hash = $1", "T"},
    [PG_SESSIONS_DELETE_USER] = {"DELETE FROM sessions WHERE user_id = $1", "I"},
    [PG_TOKEN_ADD] = {"INSERT INTO api_tokens(token_hash, user_id, created_at, name, expires_at) "
		      "VALUES ($1, $2, $3, $4, $5)",
		      "TIITI"},
    /* expires_at 0 is only in rows written by hand: every token made by gazette has one. */
    [PG_TOKEN_USER] = {"SELECT u.id, u.name, u.display_name, u.role, u.password_hash, "
		       "u.disabled FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE "
		       "t.token_hash = $1 AND NOT u.disabled AND (t.expires_at = 0 OR "
		       "t.expires_at > extract(epoch FROM now())::bigint)",
		       "T"},
    [PG_TOKENS] = {"SELECT substr(token_hash, 1, 12), name, created_at, expires_at FROM "
		   "api_tokens WHERE user_id = $1 ORDER BY created_at, name",
		   "I"},
    [PG_TOKEN_REVOKE] = {"DELETE FROM api_tokens WHERE user_id = $1 AND (name = $2 OR "
			 "substr(token_hash, 1, 12) = $2)",
			 "IT"},
    [PG_TOKENS_DELETE_USER] = {"DELETE FROM api_tokens WHERE user_id = $1", "I"},
    [PG_THROTTLE_PURGE] = {"DELETE FROM throttle WHERE at < $1", "I"},
    [PG_THROTTLE_HIT] = {"INSERT INTO throttle(key, at) VALUES ($1, $2)", "TI"},
    [PG_THROTTLE_COUNT] = {"SELECT count(*) FROM throttle WHERE key = $1 AND at >= $2", "TI"},
    [PG_THROTTLE_CLEAR] = {"DELETE FROM throttle WHERE key = $1", "T"},
    [PG_AUDIT_LIST] =
	{"SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
	 "detail, prev_hash, hash FROM audit_log ORDER BY id DESC LIMIT (CASE WHEN $1 >= 0 THEN $1 "
	 "END) OFFSET greatest($2, 0)",
	 "II"},
    [PG_AUDIT_COUNT] = {"SELECT count(*) FROM audit_log", ""},
#define CHAIN_COLS                                                                                 \
	"sealed, head_id, head_hash, cp_id, cp_at, cp_count, cp_hash, cp_mac, (SELECT "            \
	"coalesce(max(id), 0) FROM audit_log)"
    [PG_CHAIN_GET] = {"SELECT " CHAIN_COLS " FROM audit_chain WHERE id = 1", ""},
    /* The row lock serialises every writer of the chain, on every node, until commit. */
    [PG_CHAIN_LOCK] = {"SELECT " CHAIN_COLS " FROM audit_chain WHERE id = 1 FOR UPDATE", ""},
#undef CHAIN_COLS
    [PG_CHAIN_SET] = {"UPDATE audit_chain SET sealed = $1, head_id = $2, head_hash = $3, cp_id = "
		      "$4, cp_at = $5, cp_count = $6, cp_hash = $7, cp_mac = $8 WHERE id = 1",
		      "BITIIITT"},
    [PG_AUDIT_INSERT] = {"INSERT INTO audit_log(id, at, user_id, user_name, address, action, "
			 "object, detail, prev_hash, hash) VALUES ($1, $2, nullif($3, 0), $4, $5, "
			 "$6, $7, $8, $9, $10)",
			 "IIITTTTTTT"},
    [PG_AUDIT_PAGE] = {"SELECT id, at, coalesce(user_id, 0), user_name, address, action, object, "
		       "detail, prev_hash, hash FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2",
		       "II"},
    [PG_AUDIT_REHASH] = {"UPDATE audit_log SET prev_hash = $2, hash = $3 WHERE id = $1", "ITT"},
    [PG_AUDIT_PURGE_BOUND] = {"SELECT coalesce((SELECT min(id) FROM audit_log WHERE at >= $1) - "
			      "1, (SELECT max(id) FROM audit_log), 0)",
			      "I"},
    [PG_AUDIT_DELETE_UPTO] = {"DELETE FROM audit_log WHERE id <= $1", "I"},
/* archive.c */
#define ARCH_COLS                                                                                  \
	"id, article_id, revision, category_id, published_at, coalesce(expires_at, 0), from_at, "  \
	"coalesce(until_at, 0), deleted, title, slug, lead, body_html, author, signature, "        \
	"source, "                                                                                 \
	"tags, image_src, image_alt, image_caption"
/* Public at time $2. */
#define ARCH_AT                                                                                    \
	"from_at <= $2 AND (until_at IS NULL OR until_at > $2) AND (expires_at IS NULL OR "        \
	"expires_at > $2)"
#define ARCH_TREE                                                                                  \
	"($1 = 0 OR category_id IN (WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION SELECT "    \
	"c.id FROM categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub))"
    [PG_ARCH_OPEN] = {"SELECT " ARCH_COLS " FROM archive WHERE article_id = $1 AND until_at IS "
		      "NULL ORDER BY id DESC LIMIT 1",
		      "I"},
    [PG_ARCH_CLOSE] = {"UPDATE archive SET until_at = $2, deleted = $3 WHERE id = $1", "IIB"},
    [PG_ARCH_DROP] = {"DELETE FROM archive WHERE id = $1", "I"},
    [PG_ARCH_ADD] =
	{"INSERT INTO archive(article_id, revision, category_id, title, slug, lead, "
	 "body_html, author, signature, source, published_at, expires_at, from_at, "
	 "tags, image_src, image_alt, image_caption) SELECT id, revision, category_id, "
	 "title, slug, lead, body_html, author, signature, source, coalesce(published_at, "
	 "$2), expires_at, $2, " TAG_LINES ", image_src, image_alt, image_caption FROM articles "
	 "WHERE id = $1",
	 "II"},
    [PG_ARCH_AT] = {"SELECT " ARCH_COLS " FROM archive WHERE article_id = $1 AND " ARCH_AT
		    " ORDER BY from_at DESC, id DESC LIMIT 1",
		    "II"},
    [PG_ARCH_CAT_AT] = {"SELECT " ARCH_COLS " FROM archive WHERE " ARCH_TREE " AND " ARCH_AT
			" ORDER BY published_at DESC, id DESC" PAGE_34,
			"IIII"},
    [PG_ARCH_CAT_COUNT] = {"SELECT count(*) FROM archive WHERE " ARCH_TREE " AND " ARCH_AT, "II"},
    [PG_ARCH_VERSIONS] = {"SELECT " ARCH_COLS " FROM archive WHERE article_id = $1 ORDER BY "
			  "from_at DESC, id DESC",
			  "I"},
    /* Versions whose time on the site ended (closed, or expired earlier) before $1, by the
     * index archive_ended (migration 35) of this very expression. */
    [PG_ARCH_PURGE] = {"DELETE FROM archive WHERE until_at IS NOT NULL AND least(until_at, "
		       "expires_at) < $1",
		       "I"},
    [PG_ARTICLE_DELETE] = {"DELETE FROM articles WHERE id = $1", "I"},
#undef ARCH_COLS
#undef ARCH_AT
#undef ARCH_TREE
/* stats.c: $1 from, $2 to (YYYYMMDD), $3 category (0: all, else with its sub-categories), $4
 * article (0: all), $5 limit (-1: none). */
#define STATS_TREE(col)                                                                            \
	"($3 = 0 OR " col " IN (WITH RECURSIVE sub(id) AS (SELECT $3::bigint UNION SELECT c.id "   \
	"FROM categories c JOIN sub ON c.parent_id = sub.id) SELECT id FROM sub))"
#define STATS_JOIN                                                                                 \
	" FROM views_daily v JOIN articles a ON a.id = v.article_id WHERE v.day BETWEEN $1 AND "   \
	"$2 "                                                                                      \
	"AND " STATS_TREE("a.category_id") " AND ($4 = 0 OR v.article_id = $4)"
#define STATS_LIMIT " LIMIT (CASE WHEN $5 >= 0 THEN $5 END)"
    [PG_DAILY_ADD] = {"INSERT INTO views_daily(article_id, day, views) VALUES ($1, $2, $3) ON "
		      "CONFLICT(article_id, day) DO UPDATE SET views = views_daily.views + "
		      "excluded.views",
		      "III"},
    [PG_CATEGORY_OF] = {"SELECT category_id FROM articles WHERE id = $1", "I"},
    [PG_CAT_ADD] = {"INSERT INTO views_daily_cat(category_id, day, views) VALUES ($1, $2, $3) ON "
		    "CONFLICT(category_id, day) DO UPDATE SET views = views_daily_cat.views + "
		    "excluded.views",
		    "III"},
    [PG_STATS_DAY_CAT] = {"SELECT v.day::text, '', sum(v.views) FROM views_daily_cat v WHERE "
			  "v.day BETWEEN $1 AND $2 AND " STATS_TREE(
			      "v.category_id") " AND $4 = "
					       "0 GROUP BY v.day ORDER BY v.day" STATS_LIMIT,
			  "IIIII"},
    [PG_STATS_CAT_CAT] = {"SELECT c.id::text, c.name, sum(v.views) FROM views_daily_cat v JOIN "
			  "categories c ON c.id = v.category_id WHERE v.day BETWEEN $1 AND $2 AND "
			  "$4 = 0 AND " STATS_TREE("v.category_id") " GROUP BY c.id, c.name ORDER "
								    "BY 3 DESC, c.id" STATS_LIMIT,
			  "IIIII"},
    [PG_STATS_DAY] = {"SELECT v.day::text, '', sum(v.views)" STATS_JOIN
		      " GROUP BY v.day ORDER BY v.day" STATS_LIMIT,
		      "IIIII"},
    [PG_STATS_CATEGORY] =
	{"SELECT a.category_id::text, coalesce(max(c.name), ''), sum(v.views) "
	 "FROM views_daily v JOIN articles a ON a.id = v.article_id LEFT JOIN "
	 "categories c ON c.id = a.category_id WHERE v.day BETWEEN $1 AND $2 "
	 "AND " STATS_TREE(
	     "a.category_id") " AND ($4 = 0 OR v.article_id = $4) "
			      "GROUP BY a.category_id ORDER BY 3 DESC, a.category_id" STATS_LIMIT,
	 "IIIII"},
    [PG_STATS_AUTHOR] = {"SELECT a.author, a.author, sum(v.views)" STATS_JOIN
			 " GROUP BY a.author ORDER BY 3 DESC, 1" STATS_LIMIT,
			 "IIIII"},
    [PG_STATS_SOURCE] = {"SELECT coalesce(s.name, a.source), coalesce(s.name, a.source), "
			 "sum(v.views) FROM views_daily v JOIN articles a ON a.id = v.article_id "
			 "LEFT JOIN article_origin o ON o.article_id = a.id LEFT JOIN sources s ON "
			 "s.id = o.source_id WHERE v.day BETWEEN $1 AND $2 AND " STATS_TREE(
			     "a.category_id") " AND ($4 = 0 OR v.article_id = $4) GROUP BY 1 ORDER "
					      "BY 3 DESC, 1" STATS_LIMIT,
			 "IIIII"},
    [PG_STATS_ARTICLE] = {"SELECT a.id::text, a.title, sum(v.views)" STATS_JOIN
			  " GROUP BY a.id, a.title ORDER BY 3 DESC, a.id" STATS_LIMIT,
			  "IIIII"},
    /* $1 from, $2 to (UTC seconds), $3 the zone's offset in seconds */
    [PG_STATS_OUTPUT] = {"SELECT to_char(to_timestamp(l.at + $3) AT TIME ZONE 'UTC', "
			 "'YYYYMM')::bigint AS m, a.author, a.category_id, coalesce(max(c.name), "
			 "''), count(*) FILTER (WHERE l.action IN ('article.publish', "
			 "'article.schedule')), count(*) FILTER (WHERE l.action = "
			 "'article.return'), count(*) FILTER (WHERE l.action = "
			 "'article.unpublish') FROM audit_log l JOIN articles a ON a.id = (CASE "
			 "WHEN l.object ~ '^article:[0-9]{1,18}$' THEN substr(l.object, 9)::bigint "
			 "END) LEFT JOIN categories c ON c.id = a.category_id WHERE l.action IN "
			 "('article.publish', 'article.schedule', 'article.return', "
			 "'article.unpublish') AND l.at >= $1 AND l.at < $2 GROUP BY m, a.author, "
			 "a.category_id ORDER BY m, a.author, 4",
			 "III"},
#undef STATS_TREE
#undef STATS_JOIN
#undef STATS_LIMIT
/* sources.c */
#define SOURCE_COLS "id, name, website, logo, agreement, republish"
    [PG_SOURCES] = {"SELECT " SOURCE_COLS " FROM sources ORDER BY name, id", ""},
    [PG_SOURCE_GET] = {"SELECT " SOURCE_COLS " FROM sources WHERE id = $1", "I"},
    [PG_SOURCE_INSERT] = {"INSERT INTO sources(name, website, logo, agreement, republish) VALUES "
			  "($1, $2, $3, $4, $5) RETURNING id",
			  "TTTTB"},
    [PG_SOURCE_UPDATE] = {"UPDATE sources SET name = $2, website = $3, logo = $4, agreement = "
			  "$5, republish = $6 WHERE id = $1",
			  "ITTTTB"},
    [PG_SOURCE_USED] = {"SELECT count(*) FROM article_origin WHERE source_id = $1", "I"},
    [PG_SOURCE_DELETE] = {"DELETE FROM sources WHERE id = $1", "I"},
    [PG_ORIGIN_GET] = {"SELECT o.article_id, coalesce(o.source_id, 0), coalesce(s.name, ''), "
		       "o.original_url, o.original_at FROM article_origin o LEFT JOIN sources s "
		       "ON s.id = o.source_id WHERE o.article_id = $1",
		       "I"},
    [PG_ORIGIN_SET] = {"INSERT INTO article_origin(article_id, source_id, original_url, "
		       "original_at) VALUES ($1, nullif($2, 0), $3, $4) ON CONFLICT(article_id) DO "
		       "UPDATE SET source_id = excluded.source_id, original_url = "
		       "excluded.original_url, original_at = excluded.original_at",
		       "IITI"},
    [PG_TAKEDOWN_ADD] = {"INSERT INTO takedowns(article_id, removed_at, deadline, created_at, "
			 "note) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			 "IIIIT"},
    [PG_TAKEDOWNS] = {"SELECT t.id, t.article_id, t.removed_at, t.deadline, t.created_at, "
		      "coalesce(t.done_at, 0), t.alerts, t.note, coalesce(a.title, '') FROM "
		      "takedowns t LEFT JOIN articles a ON a.id = t.article_id WHERE ($1 = 0 OR "
		      "t.done_at IS NULL) ORDER BY t.done_at IS NOT NULL, CASE WHEN t.done_at IS "
		      "NULL THEN t.deadline ELSE -t.done_at END, t.id LIMIT 500",
		      "I"},
    [PG_TAKEDOWN_DONE] = {"UPDATE takedowns SET done_at = $2 WHERE article_id = $1 AND done_at "
			  "IS NULL",
			  "II"},
    [PG_TAKEDOWN_CLAIM] = {"UPDATE takedowns SET alerts = alerts | $2 WHERE id = $1 AND (alerts "
			   "& $2) = 0",
			   "II"},
#undef SOURCE_COLS
#define MEDIA_COLS                                                                                 \
	"m.id, m.file, m.thumb, m.name, m.mime, m.bytes, m.width, m.height, "                      \
	"coalesce(m.user_id, 0), coalesce(u.name, ''), m.created_at, m.alt, m.caption"
#define MEDIA_MATCH(P) "(" P " = '' OR m.fold LIKE " P ")"
/* Where a file (its stem $1, found by strpos) is used: kind, id, title. */
#define MEDIA_USES                                                                                 \
	"SELECT 'article', id, title FROM articles WHERE strpos(body_html, $1) > 0 "               \
	"UNION ALL SELECT 'featured', id, title FROM articles WHERE strpos(image_src, $1) > 0 "    \
	"UNION ALL SELECT 'page', id, title FROM pages WHERE strpos(body_html, $1) > 0 "           \
	"UNION ALL SELECT 'album', a.id, a.title FROM albums a WHERE strpos(a.cover, $1) > 0 OR "  \
	"EXISTS (SELECT 1 FROM album_photos p WHERE p.album_id = a.id AND (strpos(p.file, $1) > "  \
	"0 "                                                                                       \
	"OR strpos(p.thumb, $1) > 0)) "                                                            \
	"UNION ALL SELECT 'banner', id, title FROM banners WHERE strpos(image, $1) > 0 "           \
	"UNION ALL SELECT 'video', id, title FROM videos WHERE strpos(poster, $1) > 0 "            \
	"UNION ALL SELECT 'person', id, name FROM org_people WHERE strpos(photo, $1) > 0 "         \
	"UNION ALL SELECT 'layout', id, title FROM layout_blocks WHERE strpos(html, $1) > 0 "      \
	"UNION ALL SELECT 'setting', 0, key FROM settings WHERE strpos(value, $1) > 0 "            \
	"ORDER BY 1, 2 LIMIT 200"
    [PG_MEDIA_ADD] = {"INSERT INTO media(file, thumb, name, mime, bytes, width, height, user_id, "
		      "created_at, fold) VALUES ($1, $2, $3, $4, $5, $6, $7, nullif($8, 0), $9, "
		      "gz_fold($3)) RETURNING id",
		      "TTTTIIIII"},
    [PG_MEDIA_LIST] = {"SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		       "WHERE " MEDIA_MATCH("$3") " ORDER BY m.id DESC LIMIT (CASE WHEN $1 >= 0 "
						  "THEN $1 END) OFFSET greatest($2, 0)",
		       "IIT"},
    [PG_MEDIA_COUNT] = {"SELECT CASE WHEN $1 = '' THEN (SELECT count(*) FROM media) ELSE (SELECT "
			"count(*) FROM media m WHERE " MEDIA_MATCH("$1") ") END",
			"T"},
    [PG_MEDIA_BY_ID] = {"SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = "
			"m.user_id WHERE m.id = $1",
			"I"},
    [PG_MEDIA_DESCRIBE] = {"UPDATE media SET name = CASE WHEN $5 THEN $2 ELSE name END, alt = "
			   "CASE WHEN $6 THEN $3 ELSE alt END, caption = CASE WHEN $7 THEN $4 "
			   "ELSE caption END, fold = gz_fold(CASE WHEN $5 THEN $2 ELSE name END "
			   "|| ' ' || CASE WHEN $6 THEN $3 ELSE alt END || ' ' || CASE WHEN $7 "
			   "THEN $4 ELSE caption END) WHERE id = $1",
			   "ITTTBBB"},
    [PG_MEDIA_DELETE] = {"DELETE FROM media WHERE id = $1", "I"},
    [PG_MEDIA_USES] = {MEDIA_USES, "T"},
    [PG_MEDIA_GET] = {"SELECT " MEDIA_COLS " FROM media m LEFT JOIN users u ON u.id = m.user_id "
		      "WHERE m.file = $1 OR (m.thumb = $1 AND m.thumb <> '') LIMIT 1",
		      "T"},
    [PG_MEDIA_SET_SIZE] = {"UPDATE media SET width = $2, height = $3, bytes = $4 WHERE id = $1",
			   "IIII"},
#undef MEDIA_COLS
#undef MEDIA_MATCH
#undef MEDIA_USES
    /* legacy.c */
    [PG_KEY_GET] = {"SELECT new_id, value FROM import_keys WHERE key = $1", "T"},
    [PG_KEY_SET] =
	{"INSERT INTO import_keys(key, new_id, value) VALUES ($1, $2, $3) "
	 "ON CONFLICT(key) DO UPDATE SET new_id = excluded.new_id, value = excluded.value",
	 "TIT"},
    [PG_REDIRECT_GET] = {"SELECT target FROM redirects WHERE old = $1", "T"},
    [PG_REDIRECT_SET] = {"INSERT INTO redirects(old, target) VALUES ($1, $2) "
			 "ON CONFLICT(old) DO UPDATE SET target = excluded.target "
			 "WHERE redirects.target <> excluded.target",
			 "TT"},
/* pages.c */
#define PAGE_COLS                                                                                  \
	"p.id, coalesce(p.parent_id, 0), p.position, p.updated_at, p.slug, p.title, p.body_html, " \
	"p.status, p.revision, coalesce(p.owner_id, 0), p.title_en, p.body_en"
    [PG_PAGES] = {"SELECT " PAGE_COLS " FROM pages p ORDER BY coalesce(p.parent_id, 0), "
		  "p.position, p.title, p.id",
		  ""},
    [PG_PAGE_BY_SLUG] = {"SELECT " PAGE_COLS " FROM pages p WHERE p.slug = $1", "T"},
    [PG_PAGE_BY_ID] = {"SELECT " PAGE_COLS " FROM pages p WHERE p.id = $1", "I"},
#undef PAGE_COLS
    [PG_PAGE_BELOW] = {"WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION ALL SELECT p.id FROM "
		       "pages p JOIN sub ON p.parent_id = sub.id) SELECT 1 FROM sub WHERE id = $2",
		       "II"},
    [PG_PAGE_INSERT] =
	{"INSERT INTO pages(parent_id, position, slug, title, body_html, "
	 "updated_at, status, owner_id, title_en, body_en) VALUES (nullif($1, 0), $2, "
	 "$3, $4, $5, $6, $7, nullif($8, 0), $9, $10) RETURNING id",
	 "IITTTITITT"},
    /* $9 the revision the writer started from (0: no check); $10, $11 the English title and
     * body (issue 13). */
    [PG_PAGE_UPDATE] = {"UPDATE pages SET parent_id = nullif($1, 0), position = $2, slug = $3, "
			"title = $4, body_html = $5, updated_at = $6, status = $7, revision = "
			"revision + 1, title_en = $10, body_en = $11 WHERE id = $8 AND ($9 = 0 OR "
			"revision = $9)",
			"IITTTITIITT"},
    [PG_PAGE_CHILDREN] = {"SELECT count(*) FROM pages WHERE parent_id = $1", "I"},
    [PG_PAGE_DELETE] = {"DELETE FROM pages WHERE id = $1", "I"},
    [PG_PAGE_STATUS] = {"UPDATE pages SET status = $2, updated_at = $3 WHERE id = $1", "ITI"},
    [PG_PAGE_SNAPSHOT] = {"INSERT INTO page_revisions(page_id, revision, created_at, user_id, "
			  "parent_id, position, slug, title, body_html) SELECT id, revision, "
			  "coalesce(nullif($3, 0), updated_at), nullif($2, 0), coalesce(parent_id, "
			  "0), position, slug, title, body_html FROM pages WHERE id = $1 ON "
			  "CONFLICT DO NOTHING",
			  "III"},
#define PREV_COLS                                                                                  \
	"r.page_id, r.revision, r.created_at, coalesce(r.user_id, 0), coalesce(u.name, ''), "      \
	"r.parent_id, r.position, r.slug, r.title, r.body_html"
    [PG_PAGE_REVISIONS] = {"SELECT " PREV_COLS " FROM page_revisions r LEFT JOIN users u ON "
			   "u.id = r.user_id WHERE r.page_id = $1 ORDER BY r.revision DESC",
			   "I"},
    [PG_PAGE_REVISION] = {"SELECT " PREV_COLS " FROM page_revisions r LEFT JOIN users u ON u.id "
			  "= r.user_id WHERE r.page_id = $1 AND r.revision = $2",
			  "II"},
#undef PREV_COLS
    /* org.c */
    [PG_UNITS] = {"SELECT id, coalesce(parent_id, 0), position, updated_at, name, slug, functions, "
		  "address, phone, fax, email, website, name_en, functions_en FROM org_units "
		  "ORDER BY coalesce(parent_id, "
		  "0), position, name, id",
		  ""},
    [PG_PEOPLE] = {"SELECT id, unit_id, sort_order, updated_at, name, title, phone, email, photo, "
		   "name_en, title_en "
		   "FROM org_people ORDER BY unit_id, sort_order, name, id",
		   ""},
    [PG_UNIT_BELOW] =
	{"WITH RECURSIVE sub(id) AS (SELECT $1::bigint UNION ALL SELECT u.id FROM org_units u JOIN "
	 "sub ON u.parent_id = sub.id) SELECT 1 FROM sub WHERE id = $2",
	 "II"},
    [PG_UNIT_INSERT] =
	{"INSERT INTO org_units(parent_id, position, name, slug, functions, "
	 "address, phone, fax, email, website, updated_at, name_en, functions_en) "
	 "VALUES (nullif($1, 0), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
	 "RETURNING id",
	 "IITTTTTTTTITT"},
    [PG_UNIT_UPDATE] = {"UPDATE org_units SET parent_id = nullif($1, 0), position = $2, name = $3, "
			"slug = $4, functions = $5, address = $6, phone = $7, fax = $8, email = "
			"$9, website = $10, updated_at = $11, name_en = $13, functions_en = $14 "
			"WHERE id = $12",
			"IITTTTTTTTIITT"},
    [PG_UNIT_USED] = {"SELECT (SELECT count(*) FROM org_units WHERE parent_id = $1) + (SELECT "
		      "count(*) FROM org_people WHERE unit_id = $1)",
		      "I"},
    [PG_UNIT_DELETE] = {"DELETE FROM org_units WHERE id = $1", "I"},
    [PG_PERSON_INSERT] =
	{"INSERT INTO org_people(unit_id, sort_order, name, title, phone, email, "
	 "photo, updated_at, name_en, title_en) VALUES ($1, $2, $3, $4, $5, $6, $7, "
	 "$8, $9, $10) RETURNING id",
	 "IITTTTTITT"},
    [PG_PERSON_UPDATE] = {"UPDATE org_people SET unit_id = $1, sort_order = $2, name = $3, title = "
			  "$4, phone = $5, email = $6, photo = $7, updated_at = $8, name_en = $10, "
			  "title_en = $11 WHERE id = $9",
			  "IITTTTTIITT"},
    [PG_PERSON_DELETE] = {"DELETE FROM org_people WHERE id = $1", "I"},
    /* translations.c */
    [PG_TRANSLATION_GET] = {"SELECT article_id, updated_at, lang, title, lead, body_html FROM "
			    "article_translations WHERE article_id = $1 AND lang = $2",
			    "IT"},
    [PG_TRANSLATION_PUT] =
	{"INSERT INTO article_translations(article_id, lang, title, lead, "
	 "body_html, updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON "
	 "CONFLICT(article_id, lang) DO UPDATE SET title = excluded.title, lead = "
	 "excluded.lead, body_html = excluded.body_html, updated_at = "
	 "excluded.updated_at",
	 "ITTTTI"},
    [PG_TRANSLATION_DELETE] = {"DELETE FROM article_translations WHERE article_id = $1 AND "
			       "lang = $2",
			       "IT"},
    [PG_TRANSLATIONS] = {"SELECT article_id, updated_at, lang, title, lead, '' FROM "
			 "article_translations WHERE lang = $1 ORDER BY updated_at DESC, "
			 "article_id DESC LIMIT $2",
			 "TI"},

    /* documents.c */
    [PG_DOC_NAMES] = {"SELECT id, name, position FROM doc_lists WHERE list = $1 ORDER BY "
		      "position, name",
		      "I"},
    [PG_DOC_NAME_FIND] = {"SELECT id FROM doc_lists WHERE list = $1 AND name = $2", "IT"},
    [PG_DOC_NAME_INSERT] = {"INSERT INTO doc_lists(list, name, position) VALUES ($1, $2, "
			    "coalesce((SELECT max(position) + 1 FROM doc_lists WHERE list = $1), "
			    "0)) ON CONFLICT DO NOTHING",
			    "IT"},
    [PG_DOC_NAME_UPDATE] = {"UPDATE doc_lists SET name = $3, position = $4 WHERE list = $1 AND "
			    "id = $2",
			    "IITI"},
    [PG_DOC_NAME_LIST_OF] = {"SELECT list FROM doc_lists WHERE id = $1", "I"},
    [PG_DOC_NAME_USED] = {"SELECT (EXISTS (SELECT 1 FROM documents WHERE kind_id = $1) OR "
			  "EXISTS (SELECT 1 FROM documents WHERE issuer_id = $1) OR EXISTS "
			  "(SELECT 1 FROM documents WHERE field_id = $1))::int",
			  "I"},
    [PG_DOC_NAME_DELETE] = {"DELETE FROM doc_lists WHERE list = $1 AND id = $2", "II"},
    [PG_DOC_REVISION] = {"SELECT revision FROM documents WHERE id = $1", "I"},
    [PG_DOC_INSERT] =
	{"INSERT INTO documents(id, kind_id, issuer_id, field_id, number, slug, "
	 "summary, body_html, signer, signer_position, issued_on, effective_on, "
	 "expires_on, comment_from, comment_until, status, published_at, created_at, "
	 "updated_at, revision, owner_id) VALUES (coalesce(nullif($1, 0), "
	 "nextval('documents_id_seq')), $2, $3, nullif($4, 0), $5, $6, $7, $8, $9, "
	 "$10, $11, nullif($12, " NODATE "), nullif($13, " NODATE "), nullif($14, " NODATE
	 "), nullif($15, " NODATE "), CASE WHEN $16 = 1 THEN 'published' ELSE "
	 "'draft' END, CASE WHEN $16 = 1 THEN coalesce(nullif($17, 0), $18) END, $18, "
	 "$18, 1, nullif($19, 0)) RETURNING id",
	 "IIIITTTTTTIIIIIIIII"},
    [PG_DOC_UPDATE] = {"UPDATE documents SET kind_id = $2, issuer_id = $3, field_id = nullif($4, "
		       "0), number = $5, slug = $6, summary = $7, body_html = $8, signer = $9, "
		       "signer_position = $10, issued_on = $11, effective_on = nullif($12, " NODATE
		       "), expires_on = nullif($13, " NODATE "), comment_from = nullif($14, " NODATE
		       "), comment_until = nullif($15, " NODATE
		       "), status = CASE WHEN $16 = 1 THEN "
		       "'published' ELSE 'draft' END, published_at = CASE WHEN $16 = 1 THEN "
		       "coalesce(nullif($17, 0), published_at, $18) ELSE published_at END, "
		       "updated_at = $18, revision = revision + 1 WHERE id = $1 AND ($19 = 0 OR "
		       "revision = $19)",
		       "IIIITTTTTTIIIIIIIII"},
    [PG_DOC_SEQ_ADVANCE] = {"SELECT setval('documents_id_seq', greatest(max(id), (SELECT "
			    "last_value FROM documents_id_seq))) FROM documents",
			    ""},
    [PG_DOC_GET] = {"SELECT " DOC_COLS " FROM " DOC_FROM " WHERE d.id = $1", "I"},
    [PG_DOC_SET_STATUS] = {"UPDATE documents SET status = CASE WHEN $2 = 1 THEN 'published' ELSE "
			   "'draft' END, published_at = CASE WHEN $2 = 1 THEN coalesce(nullif($3, "
			   "0), published_at, $4) ELSE published_at END, updated_at = $4, "
			   "revision = revision + 1 WHERE id = $1",
			   "IIII"},
    [PG_DOC_DELETE] = {"DELETE FROM documents WHERE id = $1", "I"},
    [PG_DOC_REPLACED_BY] = {"SELECT to_id FROM document_relations WHERE from_id = $1 AND kind = "
			    "'replaces' LIMIT $2",
			    "II"},
    [PG_DOC_RELS_CLEAR] = {"DELETE FROM document_relations WHERE from_id = $1", "I"},
    [PG_DOC_REL_ADD] = {"INSERT INTO document_relations(from_id, to_id, kind) VALUES ($1, $2, $3) "
			"ON CONFLICT DO NOTHING",
			"IIT"},
    [PG_DOC_REPLACED_REFRESH] = {"UPDATE documents SET replaced_on = (SELECT "
				 "min(coalesce(n.effective_on, n.issued_on)) FROM "
				 "document_relations r JOIN documents n ON n.id = r.from_id WHERE "
				 "r.to_id = $1 AND r.kind = 'replaces' AND n.status = "
				 "'published') WHERE id = $1",
				 "I"},
    [PG_DOC_INDEX] = {"UPDATE documents d SET " DOC_VECTORS " WHERE d.id = $1", "I"},
    /* What DOC_VECTORS reads, for vectors made by the client (words.c) and set by
     * PG_DOC_INDEX_SET. */
    [PG_DOC_INDEX_READ] = {"SELECT d.status = 'published', d.number, d.summary, " DOC_TEXT
			   " FROM documents d WHERE d.id = $1",
			   "I"},
    [PG_DOC_INDEX_SET] = {"UPDATE documents SET fold = $2::tsvector, exact = $3::tsvector WHERE "
			  "id = $1",
			  "ITT"},
    [PG_DOC_LIST] = {"SELECT " DOC_ROW_COLS " FROM " DOC_FROM " WHERE " DOC_FILTER
		     " ORDER BY d.issued_on DESC, d.id DESC LIMIT (CASE WHEN $9 >= 0 THEN $9 END) "
		     "OFFSET greatest($10, 0)",
		     "IIIIIIIIII"},
    [PG_DOC_COUNT] = {"SELECT count(*) FROM documents d WHERE " DOC_FILTER, "IIIIIIII"},
    [PG_DOC_LINKS] = {"SELECT r.kind, 0, d.id, d.number, d.slug, d.summary, d.status = "
		      "'published' FROM document_relations r JOIN documents d ON d.id = r.to_id "
		      "WHERE r.from_id = $1 UNION ALL SELECT r.kind, 1, d.id, d.number, d.slug, "
		      "d.summary, d.status = 'published' FROM document_relations r JOIN documents "
		      "d ON d.id = r.from_id WHERE r.to_id = $1 ORDER BY 2, 1, 3",
		      "I"},
    [PG_DOC_FILE_ADD] = {"INSERT INTO document_files(document_id, position, file, name, type, "
			 "bytes, downloads, text, created_at) VALUES ($1, coalesce((SELECT "
			 "max(position) + 1 FROM document_files WHERE document_id = $1), 0), $2, "
			 "$3, $4, $5, $6, $7, $8) RETURNING id",
			 "ITTTIITI"},
    [PG_DOC_FILES] = {"SELECT " DOC_FILE_COLS " FROM document_files WHERE document_id = $1 "
		      "ORDER BY position, id",
		      "I"},
    [PG_DOC_FILE_GET] = {"SELECT " DOC_FILE_COLS " FROM document_files WHERE id = $1", "I"},
    [PG_DOC_FILE_DELETE] = {"DELETE FROM document_files WHERE id = $1", "I"},
    [PG_DOC_DOWNLOAD_ADD] = {"UPDATE document_files SET downloads = downloads + $2 WHERE id = $1",
			     "II"},
    [PG_DOC_COMMENT_ADD] = {"INSERT INTO document_comments(document_id, name, email, body, "
			    "address, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
			    "RETURNING id",
			    "ITTTTII"},
    [PG_DOC_COMMENTS] = {"SELECT id, document_id, created_at, name, email, body, address, status "
			 "FROM document_comments WHERE document_id = $1 AND ($2 < 0 OR status = "
			 "$2) ORDER BY id",
			 "II"},
    [PG_DOC_COMMENT_SET] = {"UPDATE document_comments SET status = $2 WHERE id = $1", "II"},
    [PG_DOC_EACH] = {"SELECT " DOC_COLS " FROM " DOC_FROM " WHERE d.id > $1 ORDER BY d.id LIMIT "
		     "$2",
		     "II"},
    [PG_DOC_REINDEX] = {"UPDATE documents d SET " DOC_VECTORS, ""},
    [PG_BATCH_CHECK] = {BATCH_CHECK, "L"},
    [PG_BATCH_GIN] = {BATCH_GIN, ""},
    [PG_BATCH_TAGS_FIND] = {BATCH_TAGS_FIND, "A"},
    [PG_BATCH_ARTICLES] = {BATCH_ARTICLES, BATCH_ARTICLES_TYPES},
    [PG_BATCH_SEARCH] = {BATCH_SEARCH, "LVVSLL"},
    [PG_BATCH_ARTICLE_TAGS] = {BATCH_ARTICLE_TAGS, "LLL"},
    [PG_BATCH_ARCHIVE] = {BATCH_ARCHIVE, "LI"},
    [PG_MIRROR_STATE] = {pg_mirror_state_sql, "T"},
    [PG_MIRROR_IDS] = {pg_mirror_ids_sql, "T"},
    [PG_MIRROR_ROWS] = {MIRROR_COLS "WHERE id = ANY($1::bigint[])", "T"},
    [PG_MIRROR_ALL] =
	{MIRROR_COLS "WHERE status = 'published' AND id > $1 ORDER BY id LIMIT " PG_MIRROR_BATCH_S,
	 "I"},
    [PG_MIRROR_VIEWS] = {pg_mirror_views_sql, "T"},
};
