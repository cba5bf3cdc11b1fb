#include <config.h>
#include <stdarg.h>
#include <stdio.h>
#include "libcore/error.h"

int
cl_vfail(struct cl_error *err, gpg_err_code_t code, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->code = code;
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	return -1;
}

int
cl_fail(struct cl_error *err, gpg_err_code_t code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	cl_vfail(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

int
cl_fail_gcry(struct cl_error *err, gpg_error_t gerr, const char *what)
{
	return cl_fail(err, gpg_err_code(gerr), "%s: %s", what, gpg_strerror(gerr));
}

void
cl_error_clear(struct cl_error *err)
{
	err->code = GPG_ERR_NO_ERROR;
	err->msg[0] = '\0';
}
