#include <config.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <readline/readline.h>
#include "libcore/xalloc.h"
#include "repl/complete.h"
#include "repl/builtins/builtin.h"
#include "repl/lex.h"
#include "repl/session.h"

static struct session *sess;

struct completions {
	char **v;
	size_t n, cap;
	bool files;		/* file names are wanted: readline's own completion */
};

void
completions_add(struct completions *l, const char *prefix, const char *word, const char *suffix)
{
	size_t plen = strlen(prefix);
	char *s;

	if (strncmp(word, prefix, plen) != 0)
		return;
	s = xasprintf("%s%s", word, suffix);
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0) {
			free(s);
			return;
		}
	if (l->n + 2 > l->cap)
		l->v = xreallocarray(l->v, l->cap = l->cap ? 2 * l->cap : 32, sizeof *l->v);
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void
completions_files(struct completions *l)
{
	l->files = true;
}

void
complete_files(struct session *s, const char *text, struct completions *out)
{
	completions_files(out);
}
#define add completions_add

/* Is the end of BEFORE inside a string literal? */
static bool
in_string(const char *before)
{
	bool in = false;

	for (const char *p = before; *p; p++) {
		if (in && *p == '\\' && p[1])
			p++;
		else if (*p == '"')
			in = !in;
	}
	return in;
}

/* The command word a line starts with, if any. */
static const struct builtin *
leading_command(const char *before)
{
	char word[64];
	size_t n = 0;

	while (isspace((unsigned char)*before))
		before++;
	while (n < sizeof word - 1 && (isalnum((unsigned char)before[n]) || before[n] == '_'))
		n++;
	if (!n || !isspace((unsigned char)before[n]))
		return NULL;
	memcpy(word, before, n);
	word[n] = '\0';
	return builtin_is_command(word) ? builtin_find(word) : NULL;
}

static bool
at_line_start(const char *before)
{
	size_t n = strlen(before);

	while (n > 0 && isspace((unsigned char)before[n - 1]))
		n--;
	return n == 0 || before[n - 1] == ';';
}

static void
add_names(struct completions *l, const char *text, bool commands, bool help)
{
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++) {
		if ((*p)->name[0])
			add(l, text, (*p)->name, ".");
		for (const struct builtin *b = (*p)->entries; b->name; b++) {
			if (b->cmd) {
				if (commands || help)
					add(l, text, b->name, help ? "" : " ");
			} else if (!strchr(b->name, '.') || !(*p)->name[0])
				add(l, text, b->name, help ? "" : "(");	/* egcd and egcd.steps */
		}
	}
	if (help) {
		add(l, text, "language", "");
		add(l, text, "all", "");
		for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
			if ((*p)->key)
				add(l, text, (*p)->key, "");
		return;
	}
	for (size_t i = 0; i < sess->nvars; i++)
		add(l, text, sess->vars[i].name, "");
	for (const char *const *k = lex_keywords; *k; k++)
		add(l, text, *k, " ");
}

/* "fernet.en" -> members of fernet; "egcd.s" -> egcd.steps; "k.n" -> fields. */
static void
add_members(struct completions *l, const char *text, bool help)
{
	const char *dot = strrchr(text, '.');
	size_t blen = (size_t)(dot - text);
	char *base = xstrndup(text, blen);
	struct value *v = session_get(sess, base);

	if (v && v->type == V_OBJ && v->u.obj.type->fields) {
		for (const char *const *f = v->u.obj.type->fields; *f; f++) {
			char *full = xasprintf("%s.%s", base, *f);

			add(l, text, full, "");
			free(full);
		}
	} else
		for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
			for (const struct builtin *b = (*p)->entries; b->name; b++)
				if (strncmp(b->name, base, blen) == 0 && b->name[blen] == '.')
					add(l, text, b->name, help ? "" : "(");
	free(base);
}

/* The builtin whose call the cursor is inside: "fernet.tamper(t, by" gives
 * fernet.tamper. NULL outside any call, or inside a string. */
static const struct builtin *
open_call(const char *before)
{
	int depth = 0;

	for (const char *p = before + strlen(before); p > before; p--) {
		char c = p[-1];

		if (c == ')' || c == ']')
			depth++;
		else if ((c == '(' || c == '[') && depth > 0)
			depth--;
		else if (c == '(') {
			const char *end = p - 1, *start = end;
			char name[96];

			while (start > before && (isalnum((unsigned char)start[-1]) || start[-1] == '_'
						  || start[-1] == '.'))
				start--;
			if (end == start || (size_t)(end - start) >= sizeof name)
				return NULL;
			memcpy(name, start, (size_t)(end - start));
			name[end - start] = '\0';
			return builtin_find(name);
		}
	}
	return NULL;
}

/* `help NAME`: builtins, namespaces, commands and topics. */
void
complete_help(struct session *s, const char *text, struct completions *out)
{
	if (strchr(text, '.'))
		add_members(out, text, true);
	else
		add_names(out, text, true, true);
}

char **
complete_candidates(struct session *s, const char *before, const char *text)
{
	struct completions l = { 0 };
	const struct builtin *cmd;

	sess = s;
	if (in_string(before))
		return NULL;
	if ((cmd = leading_command(before))) {
		if (cmd->complete)
			cmd->complete(s, text, &l);
	} else if (strchr(text, '.'))
		add_members(&l, text, false);
	else {
		const struct builtin *call = open_call(before);

		/* inside a call its keyword arguments first: "fernet.tamper(t, by" -> byte= */
		for (int i = 0; call && call->fn && i < MAX_PARAMS && call->params[i].name; i++)
			add(&l, text, call->params[i].name, "=");
		add_names(&l, text, at_line_start(before), false);
	}
	if (l.files) {
		for (size_t i = 0; i < l.n; i++)
			free(l.v[i]);
		free(l.v);
		return NULL;
	}
	if (!l.v)
		l.v = xcalloc(1, sizeof *l.v);
	return l.v;
}

static char **found;
static size_t found_next;

static char *
generator(const char *text, int state)
{
	(void)text;
	if (!found || !found[found_next])
		return NULL;
	return found[found_next++];
}

static char **
attempt(const char *text, int start, int end)
{
	char *before = xstrndup(rl_line_buffer, (size_t)start);
	char **matches;

	(void)end;
	if (found) {
		for (size_t i = found_next; found[i]; i++)
			free(found[i]);
		free(found);
	}
	found = complete_candidates(sess, before, text);
	found_next = 0;
	free(before);
	if (!found) {
		/* a file name: let readline do it, quoting nothing */
		rl_attempted_completion_over = 0;
		rl_filename_completion_desired = 1;
		return rl_completion_matches(text, rl_filename_completion_function);
	}
	rl_attempted_completion_over = 1;	/* no file names outside strings */
	rl_completion_append_character = '\0';	/* the candidates carry "(" or "." */
	matches = rl_completion_matches(text, generator);
	return matches;
}

/* Inside a string only '"' breaks words, so a path keeps its slashes. */
static char *
word_breaks(void)
{
	static char in_str[] = "\"";
	static char file_arg[] = " \t\n;";
	static char normal[] = " \t\n\"'()[],=+-*/%^<>;!";
	char *before = xstrndup(rl_line_buffer, (size_t)rl_point);
	const struct builtin *cmd = leading_command(before);
	char *breaks = in_string(before) ? in_str : cmd && cmd->complete == complete_files ? file_arg : normal;

	free(before);
	return breaks;
}

void
complete_init(struct session *s)
{
	sess = s;
	rl_readline_name = "cryptolab";
	rl_attempted_completion_function = attempt;
	rl_completion_word_break_hook = word_breaks;
	rl_basic_word_break_characters = " \t\n\"'()[],=+-*/%^<>;!";
}
