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
#include "libcore/file.h"
#include "libcore/xalloc.h"
#include "repl/parse.h"
#include "repl/render.h"
#include "repl/record.h"
#include "repl/session.h"

#define KEEP_MAX (4u << 20)	/* bytes kept before a file is named */

enum ev { EV_TITLE, EV_HEADING, EV_PROSE, EV_INPUT, EV_ANSWER, EV_CODE, EV_REFUSED, EV_OUTPUT, EV_FAILED };

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
	char *held;		/* .cl: the last typed line, written once it is known to work */
	bool in_fence, at_bol;
	bool in_list;		/* the last paragraph was a bullet: its blank line waits */
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

/* A .cl script: a typed line waits until its fate is known; a line that
 * failed is kept as a comment with its error, so the script replays. */
static void
release_held(FILE *f, const char *failed)
{
	if (!R->held)
		return;
	if (failed)
		fprintf(f, "# failed with '%s': %s\n", failed, R->held);
	else
		write_statements(f, R->held);
	free(R->held);
	R->held = NULL;
}

static void
write_script_event(FILE *f, enum ev kind, const char *text)
{
	if (kind == EV_OUTPUT || kind == EV_TITLE || kind == EV_HEADING || kind == EV_PROSE || kind == EV_ANSWER)
		return;	/* a script keeps statements only; a held line waits for its fate */
	release_held(f, kind == EV_FAILED ? text : NULL);
	if (kind == EV_INPUT)
		R->held = xstrdup(text);
	else if (kind == EV_CODE)
		write_statements(f, text);
	else if (kind == EV_REFUSED)
		fprintf(f, "%s\n", text);
}

/* The command word `record` at the start of LINE: its own line is not part
 * of the handout. */
static bool
is_record_command(const char *line)
{
	line += strspn(line, " \t");
	return strncmp(line, "record", 6) == 0 && (line[6] == '\0' || line[6] == ' ' || line[6] == '\t');
}

static void
write_event(enum ev kind, const char *text)
{
	FILE *f = R->file;

	if (kind == EV_INPUT && is_record_command(text))
		return;
	if (R->script) {
		write_script_event(f, kind, text);
		fflush(f);
		return;
	}
	/* bullets one after another make one list, without blank lines */
	if (R->in_list && !(kind == EV_PROSE && strncmp(text, "- ", 2) == 0)
	    && !(kind == EV_OUTPUT && text[strspn(text, " \n")] == '\0')) {
		fputc('\n', f);
		R->in_list = false;
	}
	switch (kind) {
	case EV_TITLE:
	case EV_HEADING:
	case EV_PROSE:
		fence(false);
		if (kind == EV_PROSE && strncmp(text, "- ", 2) == 0) {
			fprintf(f, "%s\n", text);
			R->in_list = true;
		} else if (kind == EV_PROSE)
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
		if (!R->in_fence)
			text += strspn(text, "\n");	/* a code block opens on its first line */
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
	case EV_FAILED:
		break;
	}
	fflush(f);
}

/* The file cannot be written (a full disk): said once, and the recording
 * stops; the session goes on. */
static void
write_failed(void)
{
	struct cl_error err;

	if (file_close(R->file, R->path, &err) == 0)
		cl_fail(&err, GPG_ERR_EIO, "writing '%s' failed", R->path);
	R->file = NULL;
	fprintf(R->orig_err, "cryptolab: record: %s; the recording stopped\n", err.msg);
	fflush(R->orig_err);
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
		if (ferror(R->file))
			write_failed();
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

/* What `record` alone says. */
static int
record_status(struct session *s)
{
	if (R->file)
		fprintf(s->out, "recording to '%s' (%s); `record stop` ends it\n", R->path,
			R->script ? "a script of the statements" : "Markdown");
	else
		fprintf(s->out, "not recording: `record FILE.md` writes this session as Markdown, "
			"`record FILE.cl` as a script\n");
	return 0;
}

static int
record_stop(struct session *s, struct cl_error *err)
{
	struct cl_error e;

	if (!R->file)
		return cl_fail(err, GPG_ERR_INV_STATE, "nothing is being recorded");
	if (R->script)
		release_held(R->file, NULL);
	else
		fence(false);
	if (file_close(R->file, R->path, &e) < 0) {
		R->file = NULL;
		return cl_fail(err, e.code, "%s", e.msg);
	}
	R->file = NULL;
	fprintf(s->errout, "stopped recording to '%s'\n", R->path);
	free(R->path);
	R->path = NULL;
	return 0;
}

int
record_open(struct session *s, const char *arg, struct cl_error *err)
{
	FILE *f;
	const char *path = arg;
	bool force = false;
	size_t len;
	char date[32];
	time_t now = time(NULL);	/* the real date: --now is the lesson's clock, not the handout's */
	struct tm tm;

	attach(s);
	record_mute(s, true);	/* what record says is not part of the handout */
	if (strncmp(path, "--force ", 8) == 0 || strncmp(path, "-f ", 3) == 0) {
		force = true;
		path += strcspn(path, " ");
		path += strspn(path, " ");
	}
	if (!*path) {
		record_status(s);
		record_mute(s, false);
		return 0;
	}
	if (strcmp(path, "stop") == 0) {
		int rc = record_stop(s, err);

		record_mute(s, false);
		return rc;
	}
	record_mute(s, false);
	if (R->file)
		return cl_fail(err, GPG_ERR_INV_STATE, "already recording to '%s' (`record stop` ends it)", R->path);
	/* never over an existing file unasked, never through a link, private:
	 * a transcript may hold keys and passwords */
	if (!(f = file_open_new(path, 0600, force, err))) {
		if (err->code == GPG_ERR_EEXIST && strstr(err->msg, "force=true"))
			cl_fail(err, GPG_ERR_EEXIST, "'%s' exists: `record --force %s` replaces it", path, path);
		return -1;
	}
	len = strlen(path);
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
	/* a notice, not a result: on the error stream, so `-c` output stays clean */
	record_mute(s, true);
	fprintf(s->errout, "recording this session to '%s' (%s), from its start; `record stop` ends it\n", path,
		R->script ? "a script of the statements, which `cryptolab FILE` replays" : "Markdown");
	fflush(s->errout);
	record_mute(s, false);
	if (ferror(f))
		write_failed();
	return 0;
}

void
record_failed(struct session *s, const char *msg)
{
	if (!R)
		return;
	event(EV_FAILED, msg, strlen(msg));
}

void
record_close(struct session *s)
{
	if (!R)
		return;
	if (R->file) {
		struct cl_error err;

		if (R->script)
			release_held(R->file, NULL);
		else
			fence(false);
		if (file_close(R->file, R->path, &err) < 0)
			fprintf(R->orig_err, "cryptolab: record: %s\n", err.msg);
	}
	free(R->held);
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
