/* libcore as a whole: what a program does once before using any of it. */
#ifndef CL_CORE_H
#define CL_CORE_H

#include "libcore/error.h"

/* Initialise libgcrypt: the version check, and secure memory sized for a
 * classroom's use (a student making hundreds of keys in one session); the
 * pool grows beyond its locked start rather than run out. Call once, first. */
int core_init(struct cl_error *err);

#endif
