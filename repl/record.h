/* `record FILE` and --record FILE: the session as a Markdown transcript a
 * teacher can hand out, or (FILE.cl) the statements alone as a script that
 * `cryptolab FILE.cl` replays. The recorder keeps the session from its first
 * line, so `record` late in a session still writes it all; output is caught
 * by replacing s->out and s->errout with tee streams (the originals are put
 * back by record_close). */
#ifndef CL_RECORD_H
#define CL_RECORD_H

#include <stdbool.h>
#include "libcore/error.h"

struct session;

/* What the lesson player shows, so the transcript reads as Markdown. */
void record_title(struct session *s, const char *title);
void record_heading(struct session *s, const char *title);
/* `record FILE` and --record FILE: never over an existing file unless
 * "--force FILE", never through a link, mode 0600. `record` alone says
 * whether a recording is on, `record stop` ends it. */
int record_open(struct session *s, const char *arg, struct cl_error *err);
/* The statement just recorded failed with MSG: a script keeps it as a
 * comment, so that replaying it does not stop there. */
void record_failed(struct session *s, const char *msg);
/* Every line the student types (main passes them). */
void record_input(struct session *s, const char *line);
void record_prose(struct session *s, const char *lead, const char *text);
void record_answer(struct session *s, const char *prompt, const char *line);
/* A statement the lesson ran (for .cl scripts; its echo is in the output). */
void record_code(struct session *s, const char *line);
/* A statement the lesson runs to show it refused with MSG: a .cl script
 * keeps it as a comment, so that replaying the script does not stop there. */
void record_refused(struct session *s, const char *line, const char *msg);
/* While muted, output is not recorded (the player's quiet replays). */
void record_mute(struct session *s, bool mute);
/* Stop recording and put the session's streams back. */
void record_close(struct session *s);

#endif
