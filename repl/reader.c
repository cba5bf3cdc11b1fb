/* The interactive prompt loop (see reader.h). readline's callback interface
 * and poll(), as readline's own examples (and tmux's event loop) do it; the
 * facts it rests on are in the team's notes on the readline loop. */
#include <config.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "libcore/file.h"
#include "libcore/interrupt.h"
#include "libcore/xalloc.h"
#include "repl/complete.h"
#include "repl/reader.h"
#include "repl/record.h"
#include "repl/session.h"
#include "repl/xdg.h"

#define HISTORY_KEEP 2000	/* lines kept in memory and, trimmed at start, in the file */

struct watch {
	int fd;
	reader_fd_fn *fn;
	void *ctx;
};

static struct {
	struct session *s;
	reader_prompt_fn *prompt;
	reader_line_fn *run;
	void *ctx;
	bool active;		/* the terminal is the prompt's (reader_init..reader_close) */
	bool script;		/* a script runs a statement at a time */
	bool at_prompt;		/* waiting for keys (not running a line) */
	char *ask_prompt;	/* a question waits for the next line */
	reader_answer_fn *ask_fn;
	void *ask_ctx;
	struct watch *w;
	size_t nw, capw;
	int sig[2];		/* the self-pipe: 'i' for SIGINT, 'w' for SIGWINCH */
	char *history;		/* the history file, NULL when not kept */
	bool history_warned;
} R = { .sig = { -1, -1 } };

/* ---- signals ---- */

static void
on_signal(int sig)
{
	int saved = errno;
	char c = sig == SIGINT ? 'i' : 'w';

	if (sig == SIGINT)
		cl_interrupted = 1;	/* a running computation polls this */
	if (R.sig[1] >= 0 && write(R.sig[1], &c, 1) < 0) {
		/* the pipe is full of the same news: nothing is lost */
	}
	errno = saved;
}

/* Empty the self-pipe; returns what it held (the last 64 bytes). */
static size_t
drain_signals(char *buf, size_t size)
{
	size_t n = 0;
	ssize_t got;
	char tmp[64];

	while (R.sig[0] >= 0 && (got = read(R.sig[0], tmp, sizeof tmp)) > 0)
		for (ssize_t i = 0; i < got; i++)
			if (n < size)
				buf[n++] = tmp[i];
	return n;
}

void
reader_running(void)
{
	char buf[64];

	drain_signals(buf, sizeof buf);
	cl_interrupted = 0;
}

/* ---- history ---- */

static void
history_warn(const char *fmt, const char *what)
{
	if (R.history_warned)
		return;
	R.history_warned = true;
	fprintf(stderr, "cryptolab: history: ");
	fprintf(stderr, fmt, R.history, what);
	fprintf(stderr, " (this session's history is not kept)\n");
}

/* Keep the file to the last HISTORY_KEEP lines, rewritten whole (a new file
 * renamed over the old: never through a link). */
static void
history_trim(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&text, &len);
	struct cl_error err;

	if (!m)
		xalloc_die();
	for (int i = 0; i < history_length; i++) {
		HIST_ENTRY *h = history_get(history_base + i);

		if (h)
			fprintf(m, "%s\n", h->line);
	}
	fclose(m);
	if (file_write(R.history, text, len, 0600, true, &err) < 0)
		history_warn("cannot write '%s': %s", strerror(errno));
	free(text);
}

static void
history_open(void)
{
	struct stat st;

	char *dir;

	using_history();
	stifle_history(HISTORY_KEEP);
	if (!(R.history = xdg_file(XDG_STATE, "history", false)))
		return;	/* no HOME: nowhere to keep it, and nothing to say */
	/* a state directory that cannot be made (read-only, a file in the
	 * way) is said once, like a history that cannot be written */
	if (!(dir = xdg_dir(XDG_STATE, true))) {
		history_warn("cannot make the directory for '%s': %s", strerror(errno));
		free(R.history);
		R.history = NULL;
		return;
	}
	free(dir);
	if (lstat(R.history, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			history_warn("'%s' is %s, not a file: it is not used",
				     S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
			free(R.history);
			R.history = NULL;
			return;
		}
		read_history(R.history);
		/* the file grows a line at a time; trim it now and then */
		if (st.st_size > 4 * HISTORY_KEEP * 40)
			history_trim();
	}
}

/* A line is written to the file as soon as it is entered, so nothing is lost
 * when the terminal is closed, and two shells open at once both keep theirs. */
static void
history_append(const char *line)
{
	int fd;
	size_t n = strlen(line);
	char *text;

	if (!R.history)
		return;
	fd = open(R.history, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		history_warn("cannot write '%s': %s", strerror(errno));
		return;
	}
	/* private: a history can hold keys and passwords (fchmod: never a link's target) */
	fchmod(fd, 0600);
	text = xmalloc(n + 1);
	memcpy(text, line, n);
	text[n] = '\n';
	if (write(fd, text, n + 1) != (ssize_t)(n + 1))
		history_warn("cannot write '%s': %s", strerror(errno));
	free(text);
	close(fd);
}

static void
remember(const char *line)
{
	HIST_ENTRY *last;

	if (!*line || line[0] == ' ')
		return;	/* like bash's ignorespace: a line that starts with a space is not kept */
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
	history_append(line);
}

/* ---- the loop ---- */

void
reader_init(struct session *s)
{
	struct sigaction sa;

	R.s = s;
	R.active = true;
	complete_init(s);
	if (R.sig[0] < 0 && pipe2(R.sig, O_NONBLOCK | O_CLOEXEC) < 0)
		R.sig[0] = R.sig[1] = -1;
	/* readline catches no signal: ours write to the self-pipe, and the loop
	 * acts on them between keys */
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGWINCH, &sa, NULL);
	history_open();
}

static void on_line(char *line);

/* Show the prompt for the next line: the question's, or the owner's. */
static void
install(void)
{
	char *prompt = R.ask_fn ? xstrdup(R.ask_prompt) : R.prompt(R.s, R.ctx);

	fflush(R.s->out);
	fflush(R.s->errout);
	rl_callback_handler_install(prompt, on_line);	/* readline copies it */
	free(prompt);
	R.at_prompt = true;
}

static void
take_ask(reader_answer_fn **fn, void **ctx)
{
	*fn = R.ask_fn;
	*ctx = R.ask_ctx;
	free(R.ask_prompt);
	R.ask_prompt = NULL;
	R.ask_fn = NULL;
	R.ask_ctx = NULL;
}

static void
on_line(char *line)
{
	R.at_prompt = false;
	if (R.ask_fn) {
		reader_answer_fn *fn;
		void *ctx;

		take_ask(&fn, &ctx);
		if (!line)
			fputc('\n', R.s->out);
		reader_running();
		fn(R.s, line, ctx);
	} else if (!line) {
		fputc('\n', R.s->out);	/* Ctrl-D: leave on a clean line */
		R.s->quit = true;
	} else {
		remember(line);
		reader_running();
		R.run(R.s, line, R.ctx);
	}
	free(line);
	reader_running();	/* a Ctrl-C that stopped the line is spent */
	if (R.s->quit) {
		rl_callback_handler_remove();
		return;
	}
	install();
}

/* Ctrl-C at the prompt: the half-typed line goes, or the question is left. */
static void
interrupt_prompt(void)
{
	cl_interrupted = 0;
	rl_free_line_state();
	rl_callback_sigcleanup();
	rl_replace_line("", 0);
	fputs("^C", rl_outstream);
	rl_crlf();
	if (R.ask_fn) {
		reader_answer_fn *fn;
		void *ctx;

		take_ask(&fn, &ctx);
		R.at_prompt = false;
		fn(R.s, NULL, ctx);
		if (!R.s->quit)
			install();
		return;
	}
	rl_on_new_line();
	rl_redisplay();
}

void
reader_run(struct session *s, reader_prompt_fn *prompt, reader_line_fn *run, void *ctx)
{
	struct pollfd *p = NULL;
	struct watch *ready = NULL;

	R.s = s;
	R.prompt = prompt;
	R.run = run;
	R.ctx = ctx;
	install();
	while (!s->quit) {
		size_t n = 0, nready = 0;
		char sig[64];
		size_t nsig;

		p = xreallocarray(p, R.nw + 2, sizeof *p);
		p[n++] = (struct pollfd){ .fd = STDIN_FILENO, .events = POLLIN };
		p[n++] = (struct pollfd){ .fd = R.sig[0], .events = POLLIN };
		for (size_t i = 0; i < R.nw; i++)
			p[n++] = (struct pollfd){ .fd = R.w[i].fd, .events = POLLIN };
		if (poll(p, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		nsig = drain_signals(sig, sizeof sig);
		for (size_t i = 0; i < nsig && !s->quit; i++) {
			if (sig[i] == 'w')
				rl_resize_terminal();
			else if (sig[i] == 'i' && R.at_prompt)
				interrupt_prompt();
		}
		if (s->quit)
			break;
		/* the watchers first (a callback may unwatch another: work on a copy) */
		ready = xreallocarray(ready, R.nw + 1, sizeof *ready);
		for (size_t i = 2; i < n; i++)
			if (p[i].revents)
				for (size_t k = 0; k < R.nw; k++)
					if (R.w[k].fd == p[i].fd)
						ready[nready++] = R.w[k];
		for (size_t i = 0; i < nready; i++)
			for (size_t k = 0; k < R.nw; k++)
				if (R.w[k].fd == ready[i].fd && R.w[k].fn == ready[i].fn) {
					ready[i].fn(ready[i].fd, ready[i].ctx);
					break;
				}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
			rl_callback_read_char();
	}
	if (R.at_prompt)
		rl_callback_handler_remove();
	R.at_prompt = false;
	free(p);
	free(ready);
}

bool
reader_active(void)
{
	return R.active;
}

void
reader_script(bool on)
{
	R.script = on;
}

bool
reader_can_ask(void)
{
	return R.active || R.script;
}

bool
reader_pending(void)
{
	return R.ask_fn != NULL;
}

void
reader_answer(struct session *s, const char *line)
{
	reader_answer_fn *fn;
	void *ctx;

	if (!R.ask_fn)
		return;
	/* the echo of a script's answer; the answer itself is recorded by its
	 * taker (record_answer), so not twice in a handout */
	record_mute(s, true);
	fprintf(s->out, "%s%s\n", R.ask_prompt, line ? line : "");
	fflush(s->out);
	record_mute(s, false);
	take_ask(&fn, &ctx);
	fn(s, line, ctx);
}

void
reader_ask(const char *prompt, reader_answer_fn *fn, void *ctx)
{
	free(R.ask_prompt);
	R.ask_prompt = xstrdup(prompt);
	R.ask_fn = fn;
	R.ask_ctx = ctx;
}

void
reader_cancel_ask(void *ctx)
{
	if (R.ask_fn && R.ask_ctx == ctx) {
		reader_answer_fn *fn;

		take_ask(&fn, &ctx);
	}
}

void
reader_watch(int fd, reader_fd_fn *fn, void *ctx)
{
	reader_unwatch(fd);
	if (R.nw == R.capw)
		R.w = xreallocarray(R.w, R.capw = R.capw ? 2 * R.capw : 8, sizeof *R.w);
	R.w[R.nw++] = (struct watch){ fd, fn, ctx };
}

void
reader_unwatch(int fd)
{
	for (size_t i = 0; i < R.nw; i++)
		if (R.w[i].fd == fd) {
			memmove(&R.w[i], &R.w[i + 1], (R.nw - i - 1) * sizeof *R.w);
			R.nw--;
			return;
		}
}

void
reader_notify(struct session *s, const char *fmt, ...)
{
	va_list ap;
	char *saved = NULL;
	int point = 0;

	if (R.at_prompt) {
		/* take the typed line off the screen, print, and draw it again */
		saved = rl_copy_text(0, rl_end);
		point = rl_point;
		rl_save_prompt();
		rl_replace_line("", 0);
		rl_redisplay();
		rl_clear_visible_line();
	}
	va_start(ap, fmt);
	vfprintf(s->out, fmt, ap);
	va_end(ap);
	fputc('\n', s->out);
	fflush(s->out);
	if (R.at_prompt) {
		rl_restore_prompt();
		rl_replace_line(saved, 0);
		rl_point = point;
		rl_forced_update_display();
		free(saved);
	}
}

void
reader_close(void)
{
	R.active = false;
	free(R.history);
	R.history = NULL;
	free(R.ask_prompt);
	R.ask_prompt = NULL;
	R.ask_fn = NULL;
	free(R.w);
	R.w = NULL;
	R.nw = R.capw = 0;
	rl_clear_history();
}
