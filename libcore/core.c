#include <config.h>
#include <gcrypt.h>
#include "libcore/core.h"

/* Locked at start: 1 MiB holds about a thousand keys with their cipher and
 * MAC handles; beyond it the pool grows in steps of the same size. */
#define SECMEM_START (1024 * 1024)

int
core_init(struct cl_error *err)
{
	if (!gcry_check_version("1.10.0"))
		return cl_fail(err, GPG_ERR_NOT_SUPPORTED, "libgcrypt 1.10 or newer is needed");
	/* As a normal user mlock may be refused, and then libgcrypt's warning
	 * would only confuse a student. */
	gcry_control(GCRYCTL_DISABLE_SECMEM_WARN);
	gcry_control(GCRYCTL_AUTO_EXPAND_SECMEM, SECMEM_START);
	gcry_control(GCRYCTL_INIT_SECMEM, SECMEM_START, 0);
	gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
	return 0;
}
