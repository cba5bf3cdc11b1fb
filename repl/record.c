/* The recorder. Events (typed lines, output, the lesson's prose) are kept in
 * memory from the first line until `record FILE` names a file; from then on
 * each event is written as it happens, so the file is whole even if the
 * shell is killed. Markdown keeps input and output in ```text blocks and the
 * lesson's narration as paragraphs; a .cl script keeps the statements only. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1	/* fopencookie */
#endif
#include <config.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "libcore/xalloc.h"
#include "libcore/clock.h"
#include "repl/builtins/builtin.h"
#include "repl/lesson/lesson.h"
#include "repl/parse.h"
#include "repl/record.h"
#include "repl/session.h"

#define KEEP_MAX (4u << 20)	/* bytes kept before a file is named */

enum ev { EV_TITLE, EV_HEADING, EV_PROSE, EV_INPUT, EV_ANSWER, EV_CODE, EV_REFUSED, EV_OUTPUT };

struct event {
	enum ev kind;
	char *text;
};

struct recorder {
	struct session *s;
	FILE *orig_out, *orig_err, *tee_out, *tee_err;
	struct event *ev;	/* kept until a file is named */
	size_t nev, kept;
	bool dropped;		/* KEEP_MAX was reached */
	FILE *file;
	char *path;
	bool script;		/* .cl: statements only */
	bool in_fence, at_bol;
	int pending_nl;		/* newlines held back: none end a code block */
	int muted;
	int esc;		/* inside an escape sequence (colour), stripped */
};

static struct recorder *R;

/* ---- writing ---- */

static void
fence(bool open)
{
	if (R->in_fence == open)
		return;
	R->pending_nl = 0;
	if (!open && !R->at_bol)
		fputc('\n', R->file);
	fputs(open ? "```text\n" : "```\n\n", R->file);
	R->in_fence = open;
	R->at_bol = true;
}

/* The statements of LINE for a .cl script, as the parser splits them:
 * commands (`hint`, `record`, ...) are left out, so the script replays. */
static void
write_statements(FILE *f, const char *line)
{
	struct parser p;
	struct node *n;
	struct cl_error err;
	int l, c;
	bool any = false;

	parser_init(&p, line, strlen(line));
	for (;;) {
		size_t start = p.have ? p.tok.off : p.lx.pos;

		if (parse_statement(&p, &n, &l, &c, &err)) {
			/* not a statement: keep it as typed, it failed at the prompt too */
			fprintf(f, "%s%s", any ? "; " : "", line + start);
			any = true;
			break;
		}
		if (!n)
			break;
		if (n->kind != N_COMMAND) {
			fprintf(f, "%s%.*s", any ? "; " : "", (int)(p.stmt_end - p.stmt_start),
				line + p.stmt_start);
			any = true;
		}
		node_free(n);
	}
	parser_free(&p);
	if (any)
		fputc('\n', f);
}

static void
write_event(enum ev kind, const char *text)
{
	FILE *f = R->file;

	if (R->script) {
		if (kind == EV_INPUT || kind == EV_CODE)
			write_statements(f, text);
		else if (kind == EV_REFUSED)
			fprintf(f, "%s\n", text);
		fflush(f);
		return;
	}
	switch (kind) {
	case EV_TITLE:
	case EV_HEADING:
	case EV_PROSE:
		fence(false);
		if (kind == EV_PROSE)
			fprintf(f, "%s\n\n", text);
		else
			fprintf(f, "%s %s\n\n", kind == EV_TITLE ? "#" : "##", text);
		break;
	case EV_INPUT:
	case EV_ANSWER:
		fence(true);
		for (; R->pending_nl > 0; R->pending_nl--)
			fputc('\n', f);
		if (!R->at_bol)
			fputc('\n', f);
		fprintf(f, "%s%s\n", kind == EV_INPUT ? "> " : "", text);
		R->at_bol = true;
		break;
	case EV_OUTPUT:
		if (!R->in_fence && text[strspn(text, " \n")] == '\0')
			break;	/* blank lines between paragraphs */
		fence(true);
		{
			size_t n = strlen(text), t = 0;

			while (t < n && text[n - 1 - t] == '\n')
				t++;
			if (t == n) {	/* only newlines: held until more output */
				R->pending_nl += (int)t;
				break;
			}
			for (; R->pending_nl > 0; R->pending_nl--)
				fputc('\n', f);
			fwrite(text, 1, n - t + (t > 0), f);
			R->pending_nl = t > 0 ? (int)t - 1 : 0;
			R->at_bol = t > 0;
		}
		break;
	case EV_CODE:
	case EV_REFUSED:
		break;
	}
	fflush(f);
}

static void
event(enum ev kind, const char *text, size_t n)
{
	char *t;

	if (!R || (R->muted && kind != EV_INPUT))
		return;
	t = xstrndup(text, n);
	if (R->file) {
		write_event(kind, t);
		free(t);
		return;
	}
	if (R->kept + n > KEEP_MAX) {
		R->dropped = true;
		free(t);
		return;
	}
	R->ev = xrealloc(R->ev, (R->nev + 1) * sizeof *R->ev);
	R->ev[R->nev++] = (struct event){ kind, t };
	R->kept += n;
}

/* ---- the tee streams ---- */

static ssize_t
tee_write(void *cookie, const char *buf, size_t n)
{
	FILE *orig = cookie;
	char *clean = xmalloc(n + 1);
	size_t k = 0;

	/* the tee of the output is buffered: when it writes, the terminal gets
	 * it at once, so output and errors keep their order on a shared pipe */
	if (fwrite(buf, 1, n, orig) != n || fflush(orig) != 0)
		return -1;
	/* colour escapes are for the terminal, not the transcript */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];

		if (R->esc) {
			if (R->esc == 1)
				R->esc = c == '[' ? 2 : 0;
			else if (c >= 0x40 && c <= 0x7e)
				R->esc = 0;
			continue;
		}
		if (c == 0x1b) {
			R->esc = 1;
			continue;
		}
		if (c == '\r')
			continue;
		clean[k++] = (char)c;
	}
	if (k)
		event(EV_OUTPUT, clean, k);
	free(clean);
	return (ssize_t)n;
}

static FILE *
tee(FILE *orig)
{
	cookie_io_functions_t io = { .write = tee_write };
	FILE *f = fopencookie(orig, "w", io);

	/* errors unbuffered, as stderr is; the output buffered (a big value is
	 * not written a character at a time), and flushed before every event
	 * that is not output, so events stay in the order they happened */
	if (f && orig == stderr)
		setvbuf(f, NULL, _IONBF, 0);
	return f;
}

/* Every entry point comes here first: the recorder starts with the first
 * event, and the buffered output so far is written before the new event. */
static void
attach(struct session *s)
{
	if (R) {
		if (R->tee_out)
			fflush(R->tee_out);
		return;
	}
	R = xcalloc(1, sizeof *R);
	R->s = s;
	R->at_bol = true;
	R->orig_out = s->out;
	R->orig_err = s->errout;
	fflush(s->out);
	fflush(s->errout);
	if ((R->tee_out = tee(s->out)))
		s->out = R->tee_out;
	if ((R->tee_err = tee(s->errout)))
		s->errout = R->tee_err;
}

/* ---- the interface ---- */

void
record_input(struct session *s, const char *line)
{
	attach(s);
	event(EV_INPUT, line, strlen(line));
}

void
record_title(struct session *s, const char *title)
{
	attach(s);
	event(EV_TITLE, title, strlen(title));
}

void
record_heading(struct session *s, const char *title)
{
	attach(s);
	event(EV_HEADING, title, strlen(title));
}

void
record_prose(struct session *s, const char *lead, const char *text)
{
	char *t;

	attach(s);
	t = xasprintf("%s%s", lead, text);
	event(EV_PROSE, t, strlen(t));
	free(t);
}

void
record_answer(struct session *s, const char *prompt, const char *line)
{
	char *t;

	attach(s);
	t = xasprintf("%s%s", prompt, line);
	event(EV_ANSWER, t, strlen(t));
	free(t);
}

void
record_code(struct session *s, const char *line)
{
	attach(s);
	event(EV_CODE, line, strlen(line));
}

void
record_refused(struct session *s, const char *line, const char *msg)
{
	char *t;

	attach(s);
	t = xasprintf("# refused with '%s', as the lesson shows: %s", msg, line);
	event(EV_REFUSED, t, strlen(t));
	free(t);
}

void
record_mute(struct session *s, bool mute)
{
	attach(s);
	R->muted += mute ? 1 : -1;
}

int
record_open(struct session *s, const char *path, struct cl_error *err)
{
	FILE *f;
	size_t len = strlen(path);
	char date[32];
	time_t now = (time_t)clock_now();
	struct tm tm;

	attach(s);
	if (!*path)
		return cl_fail(err, GPG_ERR_INV_ARG, "record where? `record FILE.md` for a transcript, "
			       "`record FILE.cl` for a script");
	if (R->file)
		return cl_fail(err, GPG_ERR_INV_STATE, "already recording to '%s'", R->path);
	if (!(f = fopen(path, "w"))) {
		char msg[128];

		snprintf(msg, sizeof msg, "%s", strerror(errno));
		msg[0] = (char)tolower((unsigned char)msg[0]);
		return cl_fail(err, gpg_err_code_from_errno(errno), "cannot write '%s': %s", path, msg);
	}
	R->file = f;
	R->path = xstrdup(path);
	R->script = len > 3 && strcmp(path + len - 3, ".cl") == 0;
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", &tm);
	if (R->script)
		fprintf(f, "# cryptolab script recorded %s: run it with `cryptolab %s`\n", date, path);
	else
		fprintf(f, "<!-- a cryptolab session, recorded %s -->\n\n", date);
	if (R->dropped && !R->script)
		fprintf(f, "(the start of the session was too long to keep)\n\n");
	for (size_t i = 0; i < R->nev; i++) {
		write_event(R->ev[i].kind, R->ev[i].text);
		free(R->ev[i].text);
	}
	free(R->ev);
	R->ev = NULL;
	R->nev = R->kept = 0;
	return 0;
}

void
record_close(struct session *s)
{
	if (!R)
		return;
	if (R->file) {
		if (!R->script)
			fence(false);
		fclose(R->file);
	}
	if (R->tee_out)
		fclose(R->tee_out);
	if (R->tee_err)
		fclose(R->tee_err);
	s->out = R->orig_out;
	s->errout = R->orig_err;
	for (size_t i = 0; i < R->nev; i++)
		free(R->ev[i].text);
	free(R->ev);
	free(R->path);
	free(R);
	R = NULL;
}
