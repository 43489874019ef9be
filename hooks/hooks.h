/* cinch — OCI lifecycle hooks (runtime-spec config.md "POSIX-platform
 * Hooks"): run one list of hooks in order, each with the container state on
 * stdin, its own args and env, and an optional timeout.  */
#ifndef CINCH_HOOKS_H
#define CINCH_HOOKS_H

#include "plan.h"

/* "prestart", "createRuntime", ... as the spec names them.  */
const char *cinch_hook_kind_name (enum cinch_hook_kind kind);

/* Run plan->hooks.list[kind] in order; stop at the first failure (non-zero
 * exit, killed, or timeout), which names the hook:
 * "hooks.createRuntime[1] `/usr/bin/x`: exited with status 3".
 * state_json is written to each hook's stdin.  */
int cinch_hooks_run (const struct cinch_plan *plan, enum cinch_hook_kind kind,
                     const char *state_json, cinch_error_t *err);

#endif
