// The only C the console needs: ncurses' wide-character API, plus accessors for what Swift cannot
// import (macros, C globals Swift 6 rejects as shared mutable state) and async-signal-safe flags.
#ifndef VIGIL_CNCURSES_SHIM_H
#define VIGIL_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <langinfo.h>
#include <locale.h>
#include <string.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

static inline WINDOW *vigil_stdscr(void) { return stdscr; }
/// newterm on the process's own terminal (stdout/stdin are C globals Swift 6 will not touch).
static inline SCREEN *vigil_newterm(void) { return newterm(NULL, stdout, stdin); }
static inline int vigil_lines(void) { return LINES; }
static inline int vigil_cols(void) { return COLS; }
static inline int vigil_colors(void) { return COLORS; }
static inline int vigil_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t vigil_a_bold(void) { return A_BOLD; }
static inline attr_t vigil_a_reverse(void) { return A_REVERSE; }
static inline attr_t vigil_a_underline(void) { return A_UNDERLINE; }
static inline attr_t vigil_a_dim(void) { return A_DIM; }
static inline attr_t vigil_a_normal(void) { return A_NORMAL; }
static inline int vigil_key_resize(void) { return KEY_RESIZE; }
static inline int vigil_key_btab(void) { return KEY_BTAB; }

/// True when the locale's codeset is UTF-8 (after setlocale), so wide characters can be shown.
static inline int vigil_utf8_codeset(void) { const char *c = nl_langinfo(CODESET); return c && strcmp(c, "UTF-8") == 0; }

/// Draws one character cell with attributes and a colour pair.
static inline int vigil_put(int y, int x, const wchar_t *ch, attr_t attrs, short pair) {
    cchar_t cc;
    setcchar(&cc, ch, attrs, pair, NULL);
    return mvadd_wch(y, x, &cc);
}

// Signals that must restore the terminal: every signal whose default action ends the process and
// that is sent rather than caused by a fault — the handler only records the number; the console
// loop notices it, ends curses and exits 128+N. Nothing else is safe to do inside a handler.
// SIGQUIT is among them: the Swift runtime would otherwise print its crash report over the screen
// (and wait for it). SIGPIPE is ignored: a write to a closed descriptor then fails with EPIPE
// instead of killing the console with the terminal raw. Faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE,
// SIGABRT, SIGTRAP, SIGSYS) keep the runtime's crash handler; SIGTSTP and SIGWINCH are ncurses'.
static volatile sig_atomic_t vigil_signal_seen = 0;
static inline void vigil_signal_handler(int sig) { vigil_signal_seen = sig; }
static const int vigil_terminating_signals[] = {
    SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGALRM, SIGVTALRM, SIGPROF, SIGXCPU, SIGXFSZ,
#ifdef SIGPOLL
    SIGPOLL,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
};
static inline void vigil_install_signal_handlers(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = vigil_signal_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking read returns so the loop sees the signal
    for (size_t i = 0; i < sizeof vigil_terminating_signals / sizeof vigil_terminating_signals[0]; i++) {
        sigaction(vigil_terminating_signals[i], &sa, NULL);
    }
    struct sigaction ignore;
    memset(&ignore, 0, sizeof ignore);
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGPIPE, &ignore, NULL);
}
static inline int vigil_take_signal(void) { int s = vigil_signal_seen; vigil_signal_seen = 0; return s; }
#endif
