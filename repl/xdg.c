#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "libcore/xalloc.h"
#include "repl/xdg.h"

/* mkdir -p, private: the state directory holds a history that can hold keys
 * and passwords. */
static int
mkdir_p(const char *path)
{
	char *copy = xstrdup(path);

	for (char *p = copy + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(copy, 0700) < 0 && errno != EEXIST) {
				free(copy);
				return -1;
			}
			*p = '/';
		}
	free(copy);
	return mkdir(path, 0700) < 0 && errno != EEXIST ? -1 : 0;
}

char *
xdg_dir(const char *env, const char *fallback_under_home, bool create)
{
	const char *xdg = getenv(env), *home = getenv("HOME");
	char *dir;

	/* the spec: a relative $XDG_* is invalid and is ignored */
	if (xdg && *xdg == '/')
		dir = xasprintf("%s/cryptolab", xdg);
	else if (home && *home)
		dir = xasprintf("%s/%s/cryptolab", home, fallback_under_home);
	else
		return NULL;
	if (create && mkdir_p(dir) < 0) {
		free(dir);
		return NULL;
	}
	return dir;
}

char *
xdg_file(const char *env, const char *fallback_under_home, const char *name, bool create)
{
	char *dir = xdg_dir(env, fallback_under_home, create), *path;

	if (!dir)
		return NULL;
	path = xasprintf("%s/%s", dir, name);
	free(dir);
	return path;
}
