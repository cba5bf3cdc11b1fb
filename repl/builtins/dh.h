/* What dh.* (repl/builtins/dh.c) lends the network exchange
 * (repl/builtins/dhnet.c): its group type, whose coerce hook turns a group's
 * name or PEM text into a group, so a parameter { .types = T_STR | T_OBJ,
 * .obj = &dh_group_type } takes "ffdhe2048" as well as dh.group(...). */
#ifndef CL_BUILTINS_DH_H
#define CL_BUILTINS_DH_H

#include "libcore/dh.h"
#include "repl/value.h"

extern const struct objtype dh_group_type;	/* "dh group" */

/* The group of a dh group value (borrowed). */
const struct dh_group *dh_group_of(const struct value *v);

#endif
