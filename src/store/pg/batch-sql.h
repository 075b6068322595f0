/* Private to src/store/pg/sql.c: the statements of batched imports (pg/batch.c). Every parameter
 * but a few numbers is an array in binary format (one element per article, in the import's
 * order), so each statement is prepared once, whatever the size of the batch. */
#ifndef GZ_STORE_PG_BATCH_SQL_H
#define GZ_STORE_PG_BATCH_SQL_H

/* $1 ids: the highest id stored, and how many of the ids are stored already. */
#define BATCH_CHECK                                                                                \
	"SELECT (SELECT coalesce(max(id), 0) FROM articles), (SELECT count(*) FROM articles "      \
	"WHERE id = ANY ($1::bigint[]))"
/* For the batch's transaction: the search indexes' new entries gathered in a pending list of up
 * to 64 MB (GIN's fastupdate; 4 MB by default) and moved into the index with 128 MB to sort them
 * in, so that each of the pairs' 65,536 keys is written once for thousands of articles rather
 * than once for a few hundred (100,000 articles: 104 s with the defaults, 84 s with these). A
 * search reads the pending list until it is moved; the import's end does (pg_search_merge). */
#define BATCH_GIN                                                                                  \
	"SELECT set_config('gin_pending_list_limit', '65536', true), set_config('work_mem', "      \
	"'131072', true)"
/* $1 tag names: the stored ones with their ids. */
#define BATCH_TAGS_FIND "SELECT name, id FROM tags WHERE name = ANY ($1::text[])"
/* New articles in order ($20 now, $21 the sanitiser's version), as PG_ARTICLE_INSERT makes each;
 * id 0 asks the sequence, in the order of the rows (the volatile nextval runs after the sort).
 * $19 the newsroom list's title_fold made by the client (pg_fold), or '' where the server must
 * (the trigger articles_fold runs only then: migration 42). */
#define BATCH_ARTICLES                                                                             \
	"INSERT INTO articles(id, category_id, status, title, slug, lead, body_html, author, "     \
	"signature, source, published_at, views_start, created_at, updated_at, owner_id, "         \
	"expires_at, image_src, image_alt, image_caption, body_text, title_fold, body_version) "   \
	"SELECT coalesce(nullif(u.id, 0), nextval('articles_id_seq')), u.cat, u.status, u.title, " \
	"u.slug, u.lead, u.body, u.author, u.signature, u.source, nullif(u.pub, 0), u.views, "     \
	"$20::bigint, $20::bigint, nullif(u.owner, 0), nullif(u.expires, 0), u.isrc, u.ialt, "     \
	"u.icap, u.text, u.tfold, $21::bigint FROM unnest($1::bigint[], $2::bigint[], "            \
	"$3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], "     \
	"$10::text[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[], $15::text[], "   \
	"$16::text[], $17::text[], $18::text[], $19::text[]) WITH ORDINALITY AS u(id, cat, "       \
	"status, title, slug, lead, body, author, signature, source, pub, views, owner, expires, " \
	"isrc, ialt, icap, text, tfold, ord) ORDER BY u.ord RETURNING id"
#define BATCH_ARTICLES_TYPES "LLAAAAAAAALLLLAAAAAII"
/* The search rows of published articles ($1 ids): the client's vectors ($2 folded, $3 exact,
 * both in binary format, which the server reads without parsing text) and pairs' keys (elements
 * $5..$6 of $4, all the batch's keys in one binary int2[]: an array of arrays is not one), or,
 * where they are NULL, the search trigger's gz_vector_text of the stored text (and
 * search_pairs' gz_pairs of it). */
#define BATCH_SEARCH                                                                               \
	"INSERT INTO search_docs(id, category_id, published_at, expires_at, fold, exact, pairs) "  \
	"SELECT a.id, a.category_id, coalesce(a.published_at, 0), a.expires_at, coalesce(u.fold, " \
	"gz_vector_text(a.title, a.lead, a.body_text, true)), coalesce(u.exact, "                  \
	"gz_vector_text(a.title, a.lead, a.body_text, false)), ($4::int2[])[u.lo::int:u.hi::int] " \
	"FROM unnest($1::bigint[], $2::tsvector[], $3::tsvector[], $5::bigint[], $6::bigint[]) "   \
	"WITH ORDINALITY AS u(id, fold, exact, lo, hi, ord) JOIN articles a ON a.id = u.id ORDER " \
	"BY u.ord ON CONFLICT (id) DO UPDATE SET category_id = EXCLUDED.category_id, "             \
	"published_at = EXCLUDED.published_at, expires_at = EXCLUDED.expires_at, fold = "          \
	"EXCLUDED.fold, exact = EXCLUDED.exact, pairs = EXCLUDED.pairs"
/* Tags of the articles: $1 article ids, $2 tag ids, $3 positions (the first of a repeated tag
 * stays, as one PG_ARTICLE_TAG_ADD after another). */
#define BATCH_ARTICLE_TAGS                                                                         \
	"INSERT INTO article_tags(article_id, tag_id, position) SELECT * FROM "                    \
	"unnest($1::bigint[], $2::bigint[], $3::bigint[]) ON CONFLICT DO NOTHING"
/* The archive's first version of each published article of $1 (in that order), from
 * max(published_at, now $2) as store_archive_sync_on gives one article. */
#define BATCH_ARCHIVE                                                                              \
	"INSERT INTO archive(article_id, revision, category_id, title, slug, lead, body_html, "    \
	"author, signature, source, published_at, expires_at, from_at, tags, image_src, "          \
	"image_alt, image_caption) SELECT a.id, a.revision, a.category_id, a.title, a.slug, "      \
	"a.lead, a.body_html, a.author, a.signature, a.source, coalesce(a.published_at, "          \
	"$2::bigint), a.expires_at, greatest(coalesce(a.published_at, 0), $2::bigint), "           \
	"coalesce((SELECT string_agg(t.name, E'\\n' ORDER BY x.position) FROM article_tags x "     \
	"JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id), ''), a.image_src, "            \
	"a.image_alt, a.image_caption FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, ord) "    \
	"JOIN articles a ON a.id = u.id WHERE a.status = 'published' ORDER BY u.ord"

#endif
