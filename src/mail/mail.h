/* Sending mail through an SMTP server (libcurl): the newsroom's alerts. */
#ifndef GZ_MAIL_MAIL_H
#define GZ_MAIL_MAIL_H

#include "core/buf.h"

struct mail_config {
	const char *smtp; /* "smtp://host:port" or "smtps://..."; "" : mail is off */
	const char *from; /* the sender's address */
};

/*
 * Sends one plain-text UTF-8 message to the comma-separated addresses of `to`. Header values have
 * CR and LF removed; the subject is encoded as RFC 2047 UTF-8. Returns 0, or -1 with a reason in
 * err. Blocks for at most 30 s.
 */
int mail_send(const struct mail_config *cfg, const char *to, const char *subject, const char *body,
	      struct buf *err);

#endif
