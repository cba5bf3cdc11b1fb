/* Files the shell writes for a student (keys, certificates, captures,
 * transcripts): nothing is ever overwritten unless asked, a symbolic link is
 * never followed, a file appears whole or not at all, and a secret is never
 * readable by others, even for a moment. */
#ifndef CL_FILE_H
#define CL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>
#include "libcore/error.h"

/* Write N bytes to PATH with MODE (0600 for anything secret): into a
 * temporary file in the same directory, fsync'ed, then renamed into place.
 * An existing PATH is refused ("... exists: give force=true to replace it")
 * unless FORCE; a PATH that is a symbolic link or a directory is always
 * refused. Errors name the path and the reason. */
int file_write(const char *path, const void *data, size_t n, mode_t mode, bool force,
	       struct cl_error *err);

/* A stream to write PATH as it grows (a transcript, a capture): opened with
 * O_CREAT|O_EXCL (or O_TRUNC when FORCE) and O_NOFOLLOW, MODE applied at
 * creation. NULL with ERR on failure. Close it with file_close, which
 * reports a write error (a full disk) that fclose would hide. */
FILE *file_open_new(const char *path, mode_t mode, bool force, struct cl_error *err);
int file_close(FILE *f, const char *path, struct cl_error *err);

/* Read PATH whole (at most MAX bytes; more is an error naming the limit):
 * *DATA malloc'ed and NUL-terminated, *N its length. */
int file_read(const char *path, size_t max, char **data, size_t *n, struct cl_error *err);

/* Remove DIR and everything under it, never following a link out of it
 * (scratch directories only). */
int file_remove_tree(const char *dir);

#endif
