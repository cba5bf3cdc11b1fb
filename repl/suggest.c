#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "libcore/xalloc.h"
#include "repl/suggest.h"
#include "repl/builtins/builtin.h"
#include "repl/session.h"

/* Damerau-Levenshtein distance (optimal string alignment): a swap of two
 * neighbouring letters, the commonest typo ("gdc"), costs one. */
static size_t
distance(const char *a, const char *b)
{
	size_t n = strlen(a), m = strlen(b), *d, r;

	if (n > 64 || m > 64)
		return (size_t)-1;
	d = xmalloc((n + 1) * (m + 1) * sizeof *d);
#define D(i, j) d[(i) * (m + 1) + (j)]
	for (size_t i = 0; i <= n; i++)
		D(i, 0) = i;
	for (size_t j = 0; j <= m; j++)
		D(0, j) = j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			size_t cost = a[i - 1] != b[j - 1], best = D(i - 1, j - 1) + cost;

			if (D(i - 1, j) + 1 < best)
				best = D(i - 1, j) + 1;
			if (D(i, j - 1) + 1 < best)
				best = D(i, j - 1) + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]
			    && D(i - 2, j - 2) + 1 < best)
				best = D(i - 2, j - 2) + 1;
			D(i, j) = best;
		}
	r = D(n, m);
#undef D
	free(d);
	return r;
}

const char *
suggest_from(const char *name, const char *const *cands, size_t n)
{
	size_t len = strlen(name), best = (size_t)-1;
	/* one letter off a one-letter name is any other name: no suggestion */
	size_t limit = len < 2 ? 0 : len <= 4 ? 1 : len / 3 + 1;
	const char *found = NULL;

	/* a name in the wrong case is that name: "GCD" is gcd */
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(name, cands[i]) == 0 && strcmp(name, cands[i]) != 0)
			return cands[i];
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(name, cands[i]);

		if (d < best) {
			best = d;
			found = cands[i];
		}
	}
	return best <= limit && best > 0 ? found : NULL;
}

struct names {
	const char **v;
	size_t n, cap;
};

static void
add(struct names *ns, const char *s)
{
	if (ns->n == ns->cap) {
		ns->cap = ns->cap ? 2 * ns->cap : 64;
		ns->v = xrealloc(ns->v, ns->cap * sizeof *ns->v);
	}
	ns->v[ns->n++] = s;
}

static char *
pick(struct names *ns, const char *name, size_t skip)
{
	const char *r = suggest_from(name, ns->v, ns->n);
	char *copy = r ? xstrdup(r + skip) : NULL;

	free(ns->v);
	return copy;
}

char *
suggest_name(struct session *s, const char *name)
{
	struct names ns = { 0 };

	for (size_t i = 0; i < s->nvars; i++)
		if (strcmp(s->vars[i].name, "_") != 0)	/* "did you mean '_'?" helps nobody */
			add(&ns, s->vars[i].name);
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++) {
		if ((*p)->name[0])
			add(&ns, (*p)->name);
		for (const struct builtin *b = (*p)->entries; b->name; b++)
			if (!strchr(b->name, '.') || !(*p)->name[0])
				add(&ns, b->name);
	}
	return pick(&ns, name, 0);
}

char *
suggest_member(const char *base, const char *name)
{
	struct names ns = { 0 };
	size_t len = strlen(base);
	char *full = xasprintf("%s.%s", base, name), *r;

	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
		for (const struct builtin *b = (*p)->entries; b->name; b++)
			if (strncmp(b->name, base, len) == 0 && b->name[len] == '.')
				add(&ns, b->name);
	r = pick(&ns, full, len + 1);
	free(full);
	return r;
}
