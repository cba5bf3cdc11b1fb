#include <config.h>
#include "libcore/interrupt.h"

volatile sig_atomic_t cl_interrupted;

int
cl_check_interrupt(struct cl_error *err)
{
	if (!cl_interrupted)
		return 0;
	return cl_fail(err, GPG_ERR_CANCELED, "interrupted");
}
