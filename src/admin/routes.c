/* The newsroom's route table: every /admin URL, the methods it takes and the least role it needs.
 */
#include "admin/admin-int.h"

#define S ROUTE_SESSION
#define DOCS ROUTE_RIGHT_DOCS
#define GET_POST (ROUTE_GET | HTTP_POST)
/* The workflow actions (struct nr_action, shared with the API's table), at their least role. */
#define ACTION(name, ID, role)                                                                     \
	{                                                                                          \
		HTTP_POST, "/admin/articles/{id}/" #name, admin_h_action, S, role,                 \
		    &nr_actions[NR_##ID]                                                           \
	}

/* Every row but the login needs a session (and a CSRF token on POST). The role column is checked
 * before the screen runs; the newsroom's operations then check category limits and ownership. */
static const struct route rows[] = {
    {ROUTE_GET, "/admin", admin_h_home, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/", admin_h_home, S, ROUTE_CONTRIBUTOR, NULL},
    {GET_POST, "/admin/login", admin_h_login, 0, ROUTE_PUBLIC, NULL},
    {HTTP_POST, "/admin/logout", admin_h_logout, S, ROUTE_CONTRIBUTOR, NULL},
    {GET_POST, "/admin/articles/new", admin_h_new_article, S, ROUTE_CONTRIBUTOR, NULL},
    {GET_POST, "/admin/articles/{id}", admin_h_article, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/articles/{id}/revisions", admin_h_revisions, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/articles/{id}/diff", admin_h_diff, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/articles/{id}/restore", admin_h_restore, S, ROUTE_CONTRIBUTOR, NULL},
    ACTION(submit, SUBMIT, ROUTE_CONTRIBUTOR),
    ACTION(return, RETURN, ROUTE_EDITOR),
    ACTION(publish, PUBLISH, ROUTE_PUBLISHER),
    ACTION(unpublish, UNPUBLISH, ROUTE_PUBLISHER),
    ACTION(feature, FEATURE, ROUTE_PUBLISHER),
    ACTION(unfeature, UNFEATURE, ROUTE_PUBLISHER),
    {HTTP_POST, "/admin/autosave", admin_h_autosave, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/autosave/discard", admin_h_autosave_discard, S, ROUTE_CONTRIBUTOR, NULL},
    {GET_POST, "/admin/password", admin_h_password, S, ROUTE_CONTRIBUTOR, NULL},
    {GET_POST, "/admin/users", admin_h_users, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/users/{id}", admin_h_user, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/users/{id}/password", admin_h_user, S, ROUTE_ADMIN, "password"},
    {GET_POST, "/admin/categories", admin_h_categories, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/categories/{id}", admin_h_category, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/categories/{id}/delete", admin_h_category, S, ROUTE_ADMIN, "delete"},
    {HTTP_POST, "/admin/categories/{id}/move", admin_h_category, S, ROUTE_ADMIN, "move"},
    {ROUTE_GET, "/admin/tags", admin_h_tags, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/tags/{id}", admin_h_tag, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/tags/{id}/delete", admin_h_tag, S, ROUTE_ADMIN, "delete"},
    /* static pages: the articles' workflow and roles (page_ops.c checks ownership and status) */
    {GET_POST, "/admin/pages", admin_h_pages, S, ROUTE_CONTRIBUTOR, NULL},
    {GET_POST, "/admin/pages/{id}", admin_h_page, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/pages/{id}/delete", admin_h_page, S, ROUTE_PUBLISHER, "delete"},
    {ROUTE_GET, "/admin/pages/{id}/revisions", admin_h_page_revisions, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/pages/{id}/diff", admin_h_page_diff, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/pages/{id}/restore", admin_h_page_restore, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/pages/{id}/submit", admin_h_page_action, S, ROUTE_CONTRIBUTOR, "submit"},
    {HTTP_POST, "/admin/pages/{id}/return", admin_h_page_action, S, ROUTE_EDITOR, "return"},
    {HTTP_POST, "/admin/pages/{id}/publish", admin_h_page_action, S, ROUTE_PUBLISHER, "publish"},
    {HTTP_POST, "/admin/pages/{id}/unpublish", admin_h_page_action, S, ROUTE_PUBLISHER,
     "unpublish"},
    {GET_POST, "/admin/translations/{id}/{lang}", admin_h_translation, S, ROUTE_EDITOR, NULL},
    {GET_POST, "/admin/units", admin_h_units, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/units/{id}", admin_h_unit, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/units/{id}/delete", admin_h_unit, S, ROUTE_ADMIN, "delete"},
    {GET_POST, "/admin/people", admin_h_people, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/people/{id}", admin_h_person, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/people/{id}/delete", admin_h_person, S, ROUTE_ADMIN, "delete"},
    {GET_POST, "/admin/settings", admin_h_settings, S, ROUTE_ADMIN, NULL},
    {ROUTE_GET, "/admin/audit", admin_h_audit, S, ROUTE_ADMIN, NULL},
    {ROUTE_GET, "/admin/audit.csv", admin_h_audit, S, ROUTE_ADMIN, "csv"},
    {GET_POST, "/admin/media", admin_h_media, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/media.json", admin_h_media_json, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/stats", admin_h_stats, S, ROUTE_EDITOR, NULL},
    {ROUTE_GET, "/admin/stats.svg", admin_h_stats, S, ROUTE_EDITOR, "svg"},
    {ROUTE_GET, "/admin/stats.csv", admin_h_stats, S, ROUTE_EDITOR, "csv"},
    {ROUTE_GET, "/admin/stats.xlsx", admin_h_stats, S, ROUTE_EDITOR, "xlsx"},
    {ROUTE_GET, "/admin/archive", admin_h_archive, S, ROUTE_EDITOR, NULL},
    {GET_POST, "/admin/sources", admin_h_sources, S, ROUTE_PUBLISHER, NULL},
    {GET_POST, "/admin/sources/{id}", admin_h_source, S, ROUTE_PUBLISHER, NULL},
    {HTTP_POST, "/admin/sources/{id}/delete", admin_h_source, S, ROUTE_PUBLISHER, "delete"},
    {GET_POST, "/admin/takedowns", admin_h_takedowns, S, ROUTE_EDITOR, NULL},
    {GET_POST, "/admin/articles/{id}/origin", admin_h_origin, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/articles/{id}/takedown", admin_h_takedown, S, ROUTE_EDITOR, NULL},
    {HTTP_POST, "/admin/articles/{id}/delete", admin_h_delete, S, ROUTE_PUBLISHER, NULL},
    /* legal documents: editors and above given the "documents" right (/admin/users) */
    {ROUTE_GET, "/admin/documents", admin_h_documents, S | DOCS, ROUTE_EDITOR, NULL},
    {ROUTE_GET, "/admin/documents/picker", admin_h_document_picker, S | DOCS, ROUTE_EDITOR, NULL},
    {GET_POST, "/admin/documents/new", admin_h_document, S | DOCS, ROUTE_EDITOR, NULL},
    {GET_POST, "/admin/documents/{id}", admin_h_document, S | DOCS, ROUTE_EDITOR, NULL},
    {HTTP_POST, "/admin/documents/{id}/publish", admin_h_document_status, S | DOCS, ROUTE_EDITOR,
     "on"},
    {HTTP_POST, "/admin/documents/{id}/unpublish", admin_h_document_status, S | DOCS, ROUTE_EDITOR,
     NULL},
    {HTTP_POST, "/admin/documents/{id}/files", admin_h_document_file, S | DOCS, ROUTE_EDITOR, NULL},
    {ROUTE_GET, "/admin/documents/{id}/comments", admin_h_document_comments, S | DOCS, ROUTE_EDITOR,
     NULL},
    {ROUTE_GET, "/admin/documents/{id}/comments.csv", admin_h_document_comments, S | DOCS,
     ROUTE_EDITOR, "csv"},
    {HTTP_POST, "/admin/documents/{id}/comments/{cid}", admin_h_document_comment, S | DOCS,
     ROUTE_EDITOR, NULL},
    /* tickets: any account may ask; the screens check the per-account right (a department to
     * handle, or the admin role) on the server */
    {ROUTE_GET, "/admin/tickets", admin_h_tickets, S, ROUTE_CONTRIBUTOR, NULL},
    {ROUTE_GET, "/admin/tickets/{id}", admin_h_ticket, S, ROUTE_CONTRIBUTOR, NULL},
    {HTTP_POST, "/admin/tickets/{id}/reply", admin_h_ticket, S, ROUTE_CONTRIBUTOR, "reply"},
    {HTTP_POST, "/admin/tickets/{id}/forward", admin_h_ticket, S, ROUTE_CONTRIBUTOR, "forward"},
    {HTTP_POST, "/admin/tickets/{id}/close", admin_h_ticket, S, ROUTE_CONTRIBUTOR, "close"},
    {HTTP_POST, "/admin/tickets/{id}/publish", admin_h_ticket, S, ROUTE_CONTRIBUTOR, "publish"},
    {HTTP_POST, "/admin/tickets/{id}/unpublish", admin_h_ticket, S, ROUTE_CONTRIBUTOR, "unpublish"},
    {GET_POST, "/admin/tickets/setup", admin_h_ticket_setup, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/personal-data", admin_h_personal_data, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/polls", admin_h_polls, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/banners", admin_h_banners, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/layout", admin_h_layout, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/videos", admin_h_videos, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/albums", admin_h_albums, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/albums/{id}", admin_h_album, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/albums/{id}/delete", admin_h_album_delete, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/videos/{id}/delete", admin_h_video_delete, S, ROUTE_ADMIN, NULL},
    {GET_POST, "/admin/banners/{id}", admin_h_banner, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/banners/{id}/delete", admin_h_banner, S, ROUTE_ADMIN, "delete"},
    {GET_POST, "/admin/polls/{id}", admin_h_poll, S, ROUTE_ADMIN, NULL},
    {HTTP_POST, "/admin/polls/{id}/delete", admin_h_poll, S, ROUTE_ADMIN, "delete"},
    {ROUTE_GET, "/admin/polls/{id}/results.csv", admin_h_poll, S, ROUTE_ADMIN, "csv"},
};

const struct site_surface admin_surface = {
    .routes = {"admin", rows, sizeof rows / sizeof rows[0]},
    .prefix = "/admin",
    .serve = admin_serve,
    .refuse = admin_refuse,
};
