/* Polls (issue 14): the browser's signed voter cookie, the rules of a vote, what a poll shows. */
#ifndef GZ_SITE_POLLS_H
#define GZ_SITE_POLLS_H

#include <stdbool.h>
#include <stdint.h>

#include "site/page.h"
#include "store/widgets.h"

#define POLL_COOKIE "gz_voter"
#define POLL_MAX_CHOICES 32

enum poll_state { POLL_NOT_YET, POLL_OPEN, POLL_CLOSED };
enum poll_state poll_state(const struct poll *pl, int64_t now);
/* Whether results may be shown: once closed, or (unless results wait for the close) after voting.
 */
bool poll_results_visible(const struct poll *pl, int64_t now, bool voted);

/* The voter id of the request's cookie (32 hex digits) in id: 1 when signed by this site, 0 when
 * there is none, -1 when it is forged or damaged. */
int poll_voter(struct page *p, char id[33]);
/* Whether this browser voted in poll pl (a valid cookie and a stored vote). */
bool poll_voted(struct page *p, int64_t poll_id);

/* The outcome of a vote: an HTTP status (201, or a 4xx/5xx), a code and a message in Vietnamese. */
struct vote_outcome {
	int status;
	const char *code;
	const char *message;
};
/* Counts this browser's vote for choices[0..n) of poll id, setting the voter cookie when the
 * browser had none. Nothing is counted unless the status is 201. */
struct vote_outcome poll_vote(struct page *p, int64_t id, const int64_t *choices, size_t n);

/* The poll form's token: "<issued unix time>.<hex MAC of the poll id and that time>" under a key
 * made from the widget secret (every node shares it). Cached pages carry the token of their
 * render, which is at most a few seconds older than the page a reader sees. */
#define POLL_FORM_MIN_SECONDS 2     /* a person takes longer than this to choose and click */
#define POLL_FORM_MAX_SECONDS 86400 /* a form older than this is stale */
const char *poll_form_token(struct page *p, int64_t poll_id);
enum poll_form_rc { POLL_FORM_OK, POLL_FORM_BAD, POLL_FORM_TOO_FAST, POLL_FORM_STALE };
/* Checks token (NULL: none) for poll_id at p->now. */
enum poll_form_rc poll_form_check(struct page *p, int64_t poll_id, const char *token);

/* Fills obj with a poll for the templates: question, choices (with bars when results show), the
 * form when open. */
void poll_fill(struct page *p, struct tv *obj, const struct poll *pl, bool voted);

#endif
