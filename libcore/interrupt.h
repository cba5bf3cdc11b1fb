/* Long computations in core poll one flag, which the shell's SIGINT handler
 * sets while a statement runs (Lua's lua.c does the same with a hook). */
#ifndef CL_INTERRUPT_H
#define CL_INTERRUPT_H

#include <signal.h>
#include "libcore/error.h"

extern volatile sig_atomic_t cl_interrupted;

/* 0 normally; -1 with "interrupted" in ERR once the flag is up. */
int cl_check_interrupt(struct cl_error *err);

#endif
