/* What fernet.* (repl/builtins/fernet.c) lends other namespaces: its key
 * list type, whose coerce hook turns every form a key takes at the prompt (a
 * key's 44 characters of text, a list of them, fernet.multi's key list, a
 * password key from fernet.key_from_password) into a key list once, in
 * builtin_call. A parameter { .types = T_STR | T_LIST | T_OBJ, .obj =
 * &fernet_keylist_type } therefore takes any of them, and the handler reads
 * the keys with fernet_keylist_keys. */
#ifndef CL_BUILTINS_FERNET_H
#define CL_BUILTINS_FERNET_H

#include <stddef.h>
#include "libcore/fernet.h"
#include "repl/value.h"

extern const struct objtype fernet_keylist_type;

/* The keys of a key list value, in order (borrowed): MultiFernet encrypts
 * with the first and decrypts with any. */
const struct fernet_key *fernet_keylist_keys(const struct value *v, size_t *n);

#endif
