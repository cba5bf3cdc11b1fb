#include <config.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>
#include "libcore/interrupt.h"
#include "repl/reader.h"
#include "repl/complete.h"
#include "repl/xdg.h"

static char *history_path;
static volatile sig_atomic_t at_prompt_sigint;

static void
on_sigint(int sig)
{
	(void)sig;
	cl_interrupted = 1;	/* a running computation polls this */
	at_prompt_sigint = 1;	/* the prompt clears its line */
}

/* Readline calls this when a signal arrived while it waited for a key. */
static int
on_signal_event(void)
{
	if (at_prompt_sigint) {
		at_prompt_sigint = 0;
		cl_interrupted = 0;
		rl_replace_line("", 0);
		rl_crlf();
		rl_on_new_line();
		rl_redisplay();
	}
	return 0;
}

void
reader_init(struct session *s)
{
	char *dir = xdg_dir("XDG_STATE_HOME", ".local/state", true);
	struct sigaction sa;

	complete_init(s);
	rl_signal_event_hook = on_signal_event;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	using_history();
	stifle_history(2000);
	if (dir) {
		int fd;

		if (asprintf(&history_path, "%s/history", dir) < 0)
			history_path = NULL;
		/* created private: a history can hold keys and passwords */
		if (history_path && (fd = open(history_path, O_CREAT | O_RDONLY, 0600)) >= 0)
			close(fd);
		if (history_path)
			read_history(history_path);
		free(dir);
	}
}

char *
reader_line(const char *prompt)
{
	at_prompt_sigint = 0;
	return readline(prompt);
}

void
reader_remember(const char *line)
{
	HIST_ENTRY *last;

	if (!*line || line[0] == ' ')
		return;	/* like bash's ignorespace: a line that starts with a space is not kept */
	last = history_length > 0 ? history_get(history_base + history_length - 1) : NULL;
	if (last && strcmp(last->line, line) == 0)
		return;
	add_history(line);
}

void
reader_running(void)
{
	cl_interrupted = 0;
	at_prompt_sigint = 0;
}

void
reader_close(void)
{
	if (history_path) {
		if (write_history(history_path) == 0)
			chmod(history_path, 0600);
		free(history_path);
		history_path = NULL;
	}
	rl_clear_history();
}
