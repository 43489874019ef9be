/* cinch — the exec stub embedded in the binary (see runtime/exec_stub.c
 * for why it exists).  The bytes are generated at build time
 * (exec_stub_bin.c).  */
#ifndef CINCH_EXEC_STUB_H
#define CINCH_EXEC_STUB_H

#include <stddef.h>

#include "error.h"

extern const unsigned char cinch_exec_stub[];
extern const size_t cinch_exec_stub_len;

/* A sealed memfd holding the stub (O_CLOEXEC), for cinch_exec_stub_run.
 * In the parent, before the container process exists.  */
int cinch_exec_stub_open (cinch_error_t *err);

/* In the container process, last: execute exe (args, env) through the stub
 * in stub_fd (execveat AT_EMPTY_PATH), so that the process is never the
 * cinch binary when the kernel resolves the program's interpreter.  When
 * the stub cannot be executed (stub_fd -1, or execveat refused by the
 * container's seccomp profile or a noexec memfd policy) exe is executed
 * directly.  Returns only on failure, with errno.  */
void cinch_exec_stub_run (int stub_fd, const char *exe, char *const *args, char *const *env);

#endif
