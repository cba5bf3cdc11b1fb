/* save and load (repl/builtins/files.c): the kinds of object they know. Each
 * kind is one struct file_kind; files.c lists them in file_kinds[]. Keys are
 * the first (repl/builtins/keys.c); certificates and certificate requests add
 * theirs in their own file and one line each in that list. */
#ifndef CL_FILES_H
#define CL_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include "libcore/error.h"
#include "repl/value.h"

/* A load hook's answer when the data is not of its kind: it sets this code
 * (and a message saying what the data seems to be), and load asks the next
 * kind. Any other error stops load with that error. */
#define FILE_NOT_MINE GPG_ERR_NO_OBJ

struct file_kind {
	/* for load(..., as=NAME) and in messages: "key", "certificate" */
	const char *name;
	/* save writes values of this type (NULL: this kind is only read) */
	const struct objtype *type;
	/* Read DATA (N bytes; PEM or DER): 0 with *OUT, or -1 with ERR
	 * (err->code FILE_NOT_MINE when DATA is not of this kind). PASSWORD may
	 * be NULL. */
	int (*load)(const char *data, size_t n, const char *password, struct value **out,
		    struct cl_error *err);
	/* The file for V: *DATA (malloc'ed; wiped and freed by the caller), its
	 * *MODE (0600 for anything secret), and *WHAT for the message
	 * ("RSA private key as PKCS#8 PEM", malloc'ed). PASSWORD may be NULL;
	 * refuse it if it means nothing for V. */
	int (*save)(const struct value *v, const char *password, char **data, size_t *n, mode_t *mode,
		    char **what, struct cl_error *err);
	/* For explain=true (may be NULL): the openssl command lines that write
	 * the same file (SAVING) or show what was read, for PATH; malloc'ed. */
	char *(*openssl)(const struct value *v, const char *path, bool saving, bool password);
	/* A list of values of this kind may be saved in one file, one after
	 * the other (a chain of certificates); its NAME in the plural for the
	 * message ("certificates"). NULL: lists are not saved. */
	const char *plural;
};

extern const struct file_kind key_file_kind;

#endif
