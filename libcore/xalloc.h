/* Allocation that never returns NULL: on failure the program says so on
 * stderr and aborts, so no caller can write through a null pointer, and none
 * repeats the check by hand (GNU's xmalloc family). Values a student can make
 * large are capped before they are allocated, so this fires only when the
 * machine itself is out of memory. */
#ifndef CL_XALLOC_H
#define CL_XALLOC_H

#include <stddef.h>
#include <stdio.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* P grown to hold N items of SIZE bytes, failing on overflow of N * SIZE. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* asprintf that cannot fail. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* open_memstream that cannot fail. */
FILE *xopen_memstream(char **p, size_t *n);

/* The message and abort(): for the few allocators that are not ours
 * (open_memstream, GMP's) when they report failure. */
void xalloc_die(void) __attribute__((noreturn));

#endif
