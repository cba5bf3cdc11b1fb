#include <config.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "libcore/xalloc.h"
#include "repl/help.h"
#include "repl/builtins/builtin.h"
#include "repl/render.h"
#include "repl/session.h"
#include "repl/suggest.h"

/* The language itself is a topic of its own: `help language`. */
static const char language_help[] =
	"Statements are `name = expr`, an expression (its value is printed), or a shell command "
	"typed alone at the start of a line (`help`, `lessons`, `quit`...). Separate statements with "
	"a newline or `;`. A `#` starts a comment.\n\n"
	"Values: integers of any size (`123`, `0x1f`, `0b1011`), text (`\"fluffy tail\"`, with C escapes "
	"like `\\n` and `\\x41`, and `\\u00e9` for a character), bytes (`hex\"deadbeef\"`), `true` and `false`, lists (`[1, 2, 3]`, "
	"indexed from 0: `xs[0]`, `xs[-1]`), and objects with fields (`k.n`).\n\n"
	"Operators, loosest first: `or`; `and`; `not`; `== != < <= > >=`; `mod`; `+ -`; `* / %`; "
	"unary `-`; `^` (power, right-associative). `/` is floor division and `%` is never negative, "
	"as in mathematics: `-7 / 2` is -4 and `-7 % 2` is 1.\n\n"
	"`a ^ b mod m` is modular exponentiation computed by square-and-multiply, so "
	"`7 ^ (2 ^ 4000) mod 1009` answers at once: a power under `mod` is never built in full. "
	"`a + b mod m` means `(a + b) mod m`. A plain power is refused when its result would have "
	"more than 1048576 bits.\n\n"
	"Calls take positional and keyword arguments: `factor(8051, seconds=2)`. `_` is the last "
	"result. Builtins live in namespaces: type `fernet.` and press TAB to list one.\n\n"
	"Limits, beyond which a clear error says so: a number has at most 1048576 bits (about "
	"315653 digits); text and bytes at most 64 MiB; a list at most 8388608 items, nested at most "
	"1000 deep; a line at most 1 MiB; an expression at most 200 brackets or operators inside one "
	"another, and chains such as `1 + 1 + ...` at most 1000 long. A table of steps stops at "
	"256 KiB and says how many rows it left out.\n\n"
	"Ctrl-C stops any computation within a second, and a statement it stops changes nothing "
	"(`p = ...` is not assigned). The few that GMP or libgcrypt cannot interrupt run in a "
	"separate process that Ctrl-C ends: a big `a ^ b mod m` (a 10000-bit exponent modulo a "
	"10000-bit number and beyond), a primality test past 4096 bits, a key derived with 100000 "
	"iterations or more.\n\n"
	"On a terminal, text shows the characters that would act on it escaped (`\\x1b`, `\\u202e`); "
	"into a pipe or a file it goes out exactly as it is, so `cryptolab -c '...' > file` keeps "
	"every byte.";

/* Paragraphs read best at most 80 columns wide, however wide the terminal. */
#define HELP_WIDTH(s) ((s)->width < 80 ? (s)->width : 80)

void
help_usage(FILE *out, const struct builtin *b)
{
	if (b->cmd) {
		fputs(b->usage ? b->usage : b->name, out);
		return;
	}
	fprintf(out, "%s(", b->name);
	for (int i = 0; i < MAX_PARAMS && b->params[i].name; i++) {
		fprintf(out, "%s%s", i ? ", " : "", b->params[i].name);
		if (b->params[i].def)
			fprintf(out, "=%s", b->params[i].def);
		else if (b->params[i].optional)
			fputs("=...", out);
	}
	fputc(')', out);
}

static void
list_entry(struct session *s, const struct builtin *b)
{
	char *usage;
	size_t len;
	FILE *m = xopen_memstream(&usage, &len);

	help_usage(m, b);
	fclose(m);
	if (len > 30)	/* a long signature gets its own line */
		fprintf(s->out, "  %s%s%s\n  %30s %s\n", color(s, COL_BOLD), usage, color(s, COL_RESET), "",
			b->summary);
	else
		fprintf(s->out, "  %s%-30s%s %s\n", color(s, COL_BOLD), usage, color(s, COL_RESET), b->summary);
	free(usage);
}

/* The word that names a table in `help WORD`. */
static const char *
ns_key(const struct builtin_ns *ns)
{
	return ns->name[0] ? ns->name : ns->key ? ns->key : "";
}

static const struct builtin_ns *
ns_by_key(const char *key)
{
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++)
		if (strcmp(ns_key(*p), key) == 0)
			return *p;
	return NULL;
}

/* `help` alone: an index that fits a screen, one line a topic. */
void
help_overview(struct session *s)
{
	fprintf(s->out, "cryptolab %s: compute with big integers and real crypto objects, and learn\n"
		"from lessons. Type 'help TOPIC' for the builtins of a topic, 'help NAME' for one\n"
		"builtin or command, 'help all' for everything. TAB completes names.\n\n", PACKAGE_VERSION);
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++) {
		char line[1024];
		size_t n = 0, nlen = strlen((*p)->name);
		/* the names that fit an 80-column line after the key and the topic
		 * (signed: a long topic leaves no room at all) */
		long room = 80 - 2 - 10 - 1 - (long)strlen((*p)->topic) - 2;

		if (!(*p)->entries->name)
			continue;
		if (room <= 8) {	/* the topic alone: `help KEY` lists the names */
			fprintf(s->out, "  %s%-10s%s %s\n", color(s, COL_BOLD), ns_key(*p), color(s, COL_RESET),
				(*p)->topic);
			continue;
		}
		for (const struct builtin *b = (*p)->entries; b->name && n < sizeof line - 80; b++)
			n += (size_t)snprintf(line + n, sizeof line - n, "%s%s", n ? ", " : "",
					      b->name + (nlen ? nlen + 1 : 0));
		if (n > (size_t)room) {
			char *cut = line + room - 5;

			while (cut > line && strncmp(cut, ", ", 2) != 0)
				cut--;
			strcpy(cut, ", ...");
		}
		fprintf(s->out, "  %s%-10s%s %s: %s\n", color(s, COL_BOLD), ns_key(*p), color(s, COL_RESET),
			(*p)->topic, line);
	}
	fprintf(s->out, "  %s%-10s%s the syntax: values, operators, a ^ b mod m, calls\n", color(s, COL_BOLD),
		"language", color(s, COL_RESET));
}

/* `help all`: every builtin and command by topic; through $PAGER (or less)
 * when it is taller than the terminal. */
static void
help_all(struct session *s)
{
	char *text = NULL;
	size_t len = 0, lines = 0;
	FILE *m = open_memstream(&text, &len);
	struct streams saved;
	struct winsize ws;

	if (!m)
		xalloc_die();
	saved = session_redirect(s, m, s->errout);
	for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++) {
		if (!(*p)->entries->name)
			continue;
		fprintf(s->out, "%s%s%s %s(help %s)%s\n", color(s, COL_YELLOW), (*p)->topic, color(s, COL_RESET),
			color(s, COL_DIM), ns_key(*p), color(s, COL_RESET));
		for (const struct builtin *b = (*p)->entries; b->name; b++)
			list_entry(s, b);
		fputc('\n', s->out);
	}
	session_unredirect(s, saved);
	fclose(m);
	for (size_t i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (s->tty && s->interactive && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0
	    && lines >= ws.ws_row) {
		const char *pager = getenv("PAGER");
		FILE *pp;

		fflush(s->out);
		if ((pp = popen(pager && *pager ? pager : "less -FRX", "w"))) {
			fwrite(text, 1, len, pp);
			if (pclose(pp) == 0) {
				free(text);
				return;
			}
		}
	}
	fwrite(text, 1, len, s->out);
	free(text);
}

static void
show_builtin(struct session *s, const struct builtin *b)
{
	const char *bold = color(s, COL_BOLD), *reset = color(s, COL_RESET);

	fputs(bold, s->out);
	help_usage(s->out, b);
	fprintf(s->out, "%s\n  %s\n\n", reset, b->summary);
	if (b->help) {
		render_reflow(s, s->out, b->help, HELP_WIDTH(s), 2);
		fputc('\n', s->out);
	}
	if (b->example) {
		const char *p = b->example;

		fprintf(s->out, "  %sExample%s%s:\n", bold, reset,
			(b->flags & B_SEEDED) ? " (with --seed 1 --now 1700000000)" : "");
		/* statements of the example, one per line as typed */
		while (*p) {
			size_t n = strcspn(p, "\n");

			fprintf(s->out, "    %s>%s %.*s\n", color(s, COL_GREEN), reset, (int)n, p);
			p += n + (p[n] == '\n');
		}
		if (b->expect && *b->expect) {
			p = b->expect;
			while (*p) {
				size_t n = strcspn(p, "\n");

				fprintf(s->out, "    %.*s\n", (int)n, p);
				p += n + (p[n] == '\n');
			}
		}
	}
}

int
help_topic(struct session *s, const char *name, struct cl_error *err)
{
	const struct builtin *b;
	const struct builtin_ns *ns;
	char *near;

	if (!*name) {
		help_overview(s);
		return 0;
	}
	if (strcmp(name, "all") == 0) {
		help_all(s);
		return 0;
	}
	if (strcmp(name, "language") == 0 || strcmp(name, "syntax") == 0) {
		fprintf(s->out, "%sThe cryptolab language%s\n\n", color(s, COL_BOLD), color(s, COL_RESET));
		render_reflow(s, s->out, language_help, HELP_WIDTH(s), 2);
		return 0;
	}
	if ((b = builtin_find(name))) {
		show_builtin(s, b);
		return 0;
	}
	if ((ns = ns_by_key(name)) && !ns->name[0]) {
		fprintf(s->out, "%s%s%s\n", color(s, COL_YELLOW), ns->topic, color(s, COL_RESET));
		for (b = ns->entries; b->name; b++)
			list_entry(s, b);
		return 0;
	}
	if ((ns = builtin_ns_find(name))) {
		/* every table of that name (rsa: the toy keys and the real ones) */
		for (const struct builtin_ns *const *p = builtin_namespaces; *p; p++) {
			if (strcmp((*p)->name, name) != 0)
				continue;
			fprintf(s->out, "%s%s%s%s\n", p == builtin_namespaces || *p == ns ? "" : "\n",
				color(s, COL_YELLOW), (*p)->topic, color(s, COL_RESET));
			for (b = (*p)->entries; b->name; b++)
				list_entry(s, b);
		}
		return 0;
	}
	near = suggest_name(s, name);
	if (near) {
		cl_fail(err, GPG_ERR_NOT_FOUND, "no help for '%s' (did you mean 'help %s'?)", name, near);
		free(near);
		return -1;
	}
	return cl_fail(err, GPG_ERR_NOT_FOUND, "no help for '%s' (type 'help' for the list)", name);
}
