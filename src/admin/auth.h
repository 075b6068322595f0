/* Accounts at the door: passwords, sessions, CSRF tokens, API tokens, and login throttling. */
#ifndef GZ_ADMIN_AUTH_H
#define GZ_ADMIN_AUTH_H

#include <stdbool.h>
#include <stdint.h>

#include "core/arena.h"
#include "http/http.h"
#include "store/store.h"

#define AUTH_COOKIE "gz_session"
#define AUTH_LOGIN_COOKIE "gz_login" /* the login form's CSRF token, before any session */
#define AUTH_SESSION_TTL (12 * 3600)
#define AUTH_WINDOW (15 * 60)   /* failed logins are counted over this many seconds */
#define AUTH_MAX_PER_USER 5     /* failures per account in the window before it is locked */
#define AUTH_MAX_PER_ADDRESS 20 /* failures per address in the window */

enum auth_result {
	AUTH_OK = 0,
	AUTH_BAD,       /* wrong name or password */
	AUTH_THROTTLED, /* too many failures: try later */
	AUTH_DISABLED,  /* the right password of a disabled account: answer as AUTH_BAD */
	AUTH_UNAVAILABLE,
	AUTH_RESULT_MAX
};

/* Hashes a password with Argon2id into out (crypto_pwhash_STRBYTES). Returns 0 or -1. */
int auth_hash_password(const char *password, char *out, size_t cap);

/*
 * Checks name/password with throttling per account and per address: the attempt is counted
 * before the password is checked, so at most AUTH_MAX_PER_USER checks per account and window
 * however many arrive at once. On success creates a session and fills *cookie with the
 * Set-Cookie header value (arena) and *user.
 */
enum auth_result auth_login(struct store *st, struct arena *a, const char *name,
			    const char *password, const char *address, bool secure,
			    struct user *user, const char **cookie);

/* The account of the request's session cookie, with its CSRF token; STORE_NOTFOUND when none. */
enum store_rc auth_session(struct store *st, struct http_req *req, struct user *user,
			   const char **csrf);
/* Ends the request's session; fills *cookie with a Set-Cookie value that clears it. */
void auth_logout(struct store *st, struct http_req *req, bool secure, const char **cookie);

/* The login form's CSRF token (the request's gz_login cookie when it has a well-formed one,
 * else a new one) and the Set-Cookie value that keeps it, both in the arena. */
const char *auth_login_token(struct http_req *req, bool secure, const char **set_cookie);
/* True when field equals the request's gz_login cookie (constant time). */
bool auth_login_csrf_ok(struct http_req *req, const char *field);
/* False when the request's Origin (else Referer) names another site than its own Host or
 * base_url; true when it sends neither. */
bool auth_same_origin(struct http_req *req, const char *base_url);

/* True when token equals the session's CSRF token (constant time). */
bool auth_csrf_ok(const char *expected, const char *token);

/* The account of an "Authorization: Bearer TOKEN" header; STORE_NOTFOUND when absent or unknown. */
enum store_rc auth_bearer(struct store *st, struct http_req *req, struct user *user);
#define AUTH_TOKEN_DAYS 90      /* an API token's life unless told otherwise */
#define AUTH_TOKEN_MAX_DAYS 365 /* and at most */

/* Makes a new API token for user_id named name, working until expires_at; the token (shown once)
 * is returned in the arena. */
enum store_rc auth_token_new(struct store *st, struct arena *a, int64_t user_id, const char *name,
			     int64_t expires_at, const char **token);

/* True when the request came over TLS through the proxy (X-Forwarded-Proto: https). */
bool auth_secure(struct http_req *req);

#endif
