/* The student's own directories, as the XDG base directory spec places them:
 * state (history, lesson progress) under $XDG_STATE_HOME, lessons under
 * $XDG_DATA_HOME, each with its default under $HOME. */
#ifndef CL_XDG_H
#define CL_XDG_H

#include <stdbool.h>

/* "$ENV/cryptolab" when $ENV is an absolute path, else
 * "$HOME/FALLBACK_UNDER_HOME/cryptolab", as in
 * xdg_dir("XDG_STATE_HOME", ".local/state", true). With CREATE the directory
 * is made, with its parents, mode 0700. A malloc'ed path, or NULL when there
 * is neither variable or the directory cannot be made. */
char *xdg_dir(const char *env, const char *fallback_under_home, bool create);

/* NAME inside that directory: xdg_file("XDG_STATE_HOME", ".local/state",
 * "history", true). NULL when there is no directory. */
char *xdg_file(const char *env, const char *fallback_under_home, const char *name, bool create);

/* The three the shell uses. */
#define XDG_STATE "XDG_STATE_HOME", ".local/state"
#define XDG_DATA "XDG_DATA_HOME", ".local/share"

#endif
