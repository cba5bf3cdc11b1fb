/* One error type for all of core: a libgpg-error code (libgcrypt's codes pass
 * through) and a learner-facing message, lower case, no full stop, values
 * quoted: "'4' has no inverse modulo '8' (their gcd is 4)". */
#ifndef CL_ERROR_H
#define CL_ERROR_H

#include <stdarg.h>
#include <gpg-error.h>

struct cl_error {
	gpg_err_code_t code;
	char msg[512];
};

/* Fill ERR (which may be NULL) and return -1, so a failure reads
 * "return cl_fail(err, GPG_ERR_INV_VALUE, "...", ...)". */
int cl_fail(struct cl_error *err, gpg_err_code_t code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The same with a va_list, for wrappers that also note where it failed. */
int cl_vfail(struct cl_error *err, gpg_err_code_t code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* The same for a libgcrypt failure: the message ends with libgcrypt's words. */
int cl_fail_gcry(struct cl_error *err, gpg_error_t gerr, const char *what);

void cl_error_clear(struct cl_error *err);

#endif
