#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "libcore/file.h"
#include "libcore/xalloc.h"

static int
fail_errno(struct cl_error *err, int e, const char *what, const char *path)
{
	return cl_fail(err, gpg_err_code_from_errno(e), "cannot %s '%s': %s", what, path, strerror(e));
}

/* Refuse what must never be written through: a link, a directory, and an
 * existing file unless FORCE. */
static int
check_target(const char *path, bool force, struct cl_error *err)
{
	struct stat st;

	if (!*path)
		return cl_fail(err, GPG_ERR_INV_ARG, "the file name is empty");
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : fail_errno(err, errno, "write", path);
	if (S_ISLNK(st.st_mode))
		return cl_fail(err, GPG_ERR_EEXIST, "'%s' is a symbolic link: it is not followed, choose "
			       "another name", path);
	if (S_ISDIR(st.st_mode))
		return cl_fail(err, GPG_ERR_EEXIST, "'%s' is a directory", path);
	if (!force)
		return cl_fail(err, GPG_ERR_EEXIST, "'%s' exists: give force=true to replace it", path);
	if (!S_ISREG(st.st_mode))
		return cl_fail(err, GPG_ERR_EEXIST, "'%s' is not a regular file", path);
	return 0;
}

static int
write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int
file_write(const char *path, const void *data, size_t n, mode_t mode, bool force, struct cl_error *err)
{
	char *copy, *tmp;
	int fd, e;

	if (check_target(path, force, err))
		return -1;
	copy = xstrdup(path);
	tmp = xasprintf("%s/.%s.XXXXXX", dirname(copy), strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	free(copy);
	/* mkstemp creates it 0600: a secret is never readable by others */
	if ((fd = mkstemp(tmp)) < 0) {
		e = errno;
		free(tmp);
		return fail_errno(err, e, "write", path);
	}
	if (write_all(fd, data, n) < 0 || fchmod(fd, mode) < 0 || fsync(fd) < 0) {
		e = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		e = errno;
		goto fail;
	}
	/* Without force, link() puts it in place only if nothing is there,
	 * even a file made meanwhile; with force, rename() replaces whole. */
	if (force ? rename(tmp, path) < 0 : link(tmp, path) < 0) {
		e = errno;
		goto fail;
	}
	if (!force)
		unlink(tmp);
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	if (e == EEXIST)
		return cl_fail(err, GPG_ERR_EEXIST, "'%s' exists: give force=true to replace it", path);
	return fail_errno(err, e, "write", path);
}

FILE *
file_open_new(const char *path, mode_t mode, bool force, struct cl_error *err)
{
	int fd;
	FILE *f;

	if (check_target(path, force, err))
		return NULL;
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | (force ? O_TRUNC : O_EXCL), mode);
	if (fd < 0) {
		if (errno == EEXIST)
			cl_fail(err, GPG_ERR_EEXIST, "'%s' exists: give force=true to replace it", path);
		else if (errno == ELOOP)
			cl_fail(err, GPG_ERR_EEXIST, "'%s' is a symbolic link: it is not followed", path);
		else
			fail_errno(err, errno, "write", path);
		return NULL;
	}
	if (fchmod(fd, mode) < 0 || !(f = fdopen(fd, "w"))) {
		fail_errno(err, errno, "write", path);
		close(fd);
		return NULL;
	}
	return f;
}

int
file_close(FILE *f, const char *path, struct cl_error *err)
{
	int bad = fflush(f) != 0 || ferror(f);
	int e = errno;

	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (bad)
		return cl_fail(err, gpg_err_code_from_errno(e), "writing '%s' failed: %s", path,
			       strerror(e ? e : EIO));
	return 0;
}

int
file_read(const char *path, size_t max, char **data, size_t *n, struct cl_error *err)
{
	struct stat st;
	size_t len = 0, cap;
	char *buf;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	*data = NULL;
	*n = 0;
	if (fd < 0)
		return fail_errno(err, errno, "read", path);
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return fail_errno(err, e, "read", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return cl_fail(err, GPG_ERR_EISDIR, "'%s' is a directory, not a file", path);
	}
	cap = S_ISREG(st.st_mode) && (size_t)st.st_size < max ? (size_t)st.st_size + 1 : 4096;
	buf = xmalloc(cap);
	for (;;) {
		ssize_t got;

		if (len + 1 >= cap)
			buf = xrealloc(buf, cap *= 2);
		got = read(fd, buf + len, cap - len - 1);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			e = errno;
			free(buf);
			close(fd);
			return fail_errno(err, e, "read", path);
		}
		if (got == 0)
			break;
		len += (size_t)got;
		if (len > max) {
			free(buf);
			close(fd);
			return cl_fail(err, GPG_ERR_TOO_LARGE, "'%s' is larger than %zu bytes", path, max);
		}
	}
	close(fd);
	buf[len] = '\0';
	*data = buf;
	*n = len;
	return 0;
}

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path) < 0 ? -1 : 0;
}

int
file_remove_tree(const char *dir)
{
	/* depth first, and FTW_PHYS: a link is removed, not followed */
	return nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
