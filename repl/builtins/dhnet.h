/* What the network exchange (repl/builtins/dhnet.c) lends wire.* : the
 * capture of a dh connection, so wire.show(c) and wire.save(c, FILE) show
 * the exchange and the chat as they crossed the wire. */
#ifndef CL_BUILTINS_DHNET_H
#define CL_BUILTINS_DHNET_H

#include <stdbool.h>
#include <stddef.h>
#include "libcore/wire.h"
#include "repl/value.h"

/* When V is a dh connection: true, with *W its capture (borrowed) and TITLE
 * what wire.show calls it. */
bool dhconn_capture(const struct value *v, const struct wire **w, char *title, size_t n);

#endif
