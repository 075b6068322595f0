/*
 * The portal part of the demo site: static pages, legal documents and the organisation with its
 * directory, an album and a poll (`init --demo-photos`, the portal demo `make run` loads),
 * so that every public module shows something on a fresh `make run`. Pages and documents go
 * through their own importers (`gazette pages import`, `import-documents`), the same code an
 * agency's own files would.
 */
#include "cmd/cmd.h"

#include <jansson.h>
#include <string.h>
#include <unistd.h>

#include "core/arena.h"
#include "core/buf.h"
#include "core/paths.h"
#include "store/widgets.h"

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

/* demo/org.json: {"units": [{name, slug, functions, ..., "people": [{name, title, ...}]}]}. */
static int load_org(struct store *st)
{
	struct buf path = BUF_INIT;
	buf_printf(&path, "%s/demo/org.json", paths_share());
	json_error_t jerr;
	json_t *doc = json_load_file(buf_cstr(&path), 0, &jerr);
	int rc = EXIT_OK;
	if (!doc) {
		rc = cmd_fail("%s:%d: %s", buf_cstr(&path), jerr.line, jerr.text);
		goto out;
	}
	json_t *units = json_object_get(doc, "units");
	size_t i;
	json_t *u;
	json_array_foreach(units, i, u)
	{
		struct org_unit unit = {.position = (int64_t)i + 1,
					.name = str(u, "name"),
					.slug = str(u, "slug"),
					.functions = str(u, "functions"),
					.address = str(u, "address"),
					.phone = str(u, "phone"),
					.fax = str(u, "fax"),
					.email = str(u, "email"),
					.website = str(u, "website"),
					.name_en = str(u, "name_en"),
					.functions_en = str(u, "functions_en")};
		int64_t unit_id = 0;
		if (store_unit_put(st, &unit, &unit_id) != STORE_OK) {
			rc = cmd_fail("cannot write the demo unit '%s'", unit.name);
			break;
		}
		size_t j;
		json_t *p;
		json_array_foreach(json_object_get(u, "people"), j, p)
		{
			struct org_person person = {.unit_id = unit_id,
						    .sort_order = (int64_t)j + 1,
						    .name = str(p, "name"),
						    .title = str(p, "title"),
						    .phone = str(p, "phone"),
						    .email = str(p, "email"),
						    .photo = str(p, "photo"),
						    .name_en = str(p, "name_en"),
						    .title_en = str(p, "title_en")};
			int64_t person_id = 0;
			if (store_person_put(st, &person, &person_id) != STORE_OK) {
				rc = cmd_fail("cannot write the demo person '%s'", person.name);
				break;
			}
		}
		if (rc != EXIT_OK)
			break;
	}
out:
	json_decref(doc);
	buf_free(&path);
	return rc;
}

int cmd_demo_portal_load(struct store *st, const char *db_url)
{
	struct arena *a = arena_new();
	struct org_unit *units = NULL;
	size_t nunits = 0;
	bool have_org = store_units(st, a, &units, &nunits) == STORE_OK && nunits > 0;
	arena_free(a);
	int rc = have_org ? EXIT_OK : load_org(st);
	struct buf path = BUF_INIT;
	if (rc == EXIT_OK) {
		buf_printf(&path, "%s/demo/pages.jsonl", paths_share());
		char *argv[] = {"pages", "import", "--db", (char *)db_url, (char *)buf_cstr(&path),
				NULL};
		rc = cmd_pages(5, argv);
	}
	if (rc == EXIT_OK) {
		buf_reset(&path);
		buf_printf(&path, "%s/demo/documents", paths_share());
		char *argv[] = {"import-documents", "--db", (char *)db_url, (char *)buf_cstr(&path),
				NULL};
		rc = cmd_import_documents(4, argv);
	}
	buf_free(&path);
	return rc;
}

static const char *const album_photos[][2] = {
    {"demo/hoi-truong.jpg", "Quang cảnh hội nghị (ảnh minh họa)"},
    {"demo/hoi-truong-2.jpg", "Hội nghị học tập nghị quyết (ảnh minh họa)"},
    {"demo/co-hoa.jpg", "Cờ hoa trên đường phố (ảnh minh họa)"},
    {"demo/canh-dong.jpg", "Cánh đồng lúa (ảnh minh họa)"},
    {"demo/ho-nuoc.jpg", "Hồ nước trong thành phố (ảnh minh họa)"},
    {"demo/den-chua.jpg", "Di tích lịch sử (ảnh minh họa)"},
};

static int add_album(struct store *st, struct arena *a)
{
	size_t n = sizeof album_photos / sizeof album_photos[0], k = 0;
	struct album_photo *photos = arena_alloc(a, n * sizeof(*photos));
	for (size_t i = 0; i < n; i++) {
		struct media m;
		if (store_media_get(st, a, album_photos[i][0], &m) != STORE_OK)
			continue; /* a photograph the demo no longer ships */
		photos[k++] = (struct album_photo){
		    .file = m.file, .thumb = m.thumb, .caption = album_photos[i][1]};
	}
	if (k == 0)
		return EXIT_OK;
	struct album al = {.title = "Hình ảnh hoạt động (ảnh minh họa)",
			   .cover = photos[0].thumb,
			   .photos = photos,
			   .nphotos = k};
	int64_t id = 0;
	return store_album_add(st, &al, &id) == STORE_OK ? EXIT_OK
							 : cmd_fail("cannot write the demo album");
}

static int add_poll(struct store *st)
{
	static const char *const choices[] = {"Trang thông tin điện tử", "Mạng xã hội",
					      "Báo in, phát thanh, truyền hình",
					      "Hệ thống loa truyền thanh cơ sở"};
	struct poll p = {.question = "Bạn thường tiếp nhận thông tin của tỉnh qua kênh nào?",
			 .per_address = 1,
			 .position = "right",
			 .active = true};
	int64_t id = 0;
	return store_poll_save(st, &p, choices, sizeof choices / sizeof choices[0], &id) == STORE_OK
		   ? EXIT_OK
		   : cmd_fail("cannot write the demo poll");
}

/* An English translation of the portal demo's first article (demo/portal.jsonl id 101). */
static int add_translation(struct store *st, struct arena *a)
{
	struct article_translation t;
	if (store_translation_get(st, a, 101, "en", &t) == STORE_OK)
		return EXIT_OK;
	t = (struct article_translation){
	    .article_id = 101,
	    .lang = "en",
	    .title = "Provincial Party Committee meets for its 12th conference on the key tasks of "
		     "2021",
	    .lead = "The Provincial Party Committee opened its 12th conference, focused on "
		    "restoring production and on the digital transformation of state agencies.",
	    .body_html =
		"<p>The conference reviewed the first two months of the year and agreed on "
		"targets for budget revenue, investment and new-style rural areas.</p>"
		"<p><em>Sample article of the Gazette demo site, for illustration "
		"only.</em></p>"};
	enum store_rc rc = store_translation_put(st, &t);
	return rc == STORE_OK || rc == STORE_NOTFOUND
		   ? EXIT_OK
		   : cmd_fail("cannot write the demo translation");
}

int cmd_demo_widgets_load(struct store *st)
{
	struct arena *a = arena_new();
	struct album *albums = NULL;
	struct poll *polls = NULL;
	size_t nalbums = 0, npolls = 0;
	int rc = EXIT_OK;
	if (store_albums(st, a, &albums, &nalbums) != STORE_OK ||
	    store_polls(st, a, &polls, &npolls) != STORE_OK)
		rc = cmd_fail("cannot read the database");
	if (rc == EXIT_OK && nalbums == 0)
		rc = add_album(st, a);
	if (rc == EXIT_OK && npolls == 0)
		rc = add_poll(st);
	if (rc == EXIT_OK)
		rc = add_translation(st, a);
	arena_free(a);
	return rc;
}
