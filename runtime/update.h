/* cinch — `update`: change a running container's cgroup limits.
 *
 * Parse, decide, then act, as create does:
 *   - the flags (runc's spellings and units) and --resources JSON become a
 *     struct cinch_resources of what the update sets (pure:
 *     cinch_update_flags_parse, cinch_update_merge);
 *   - merged into the container's effective config (the config.json of
 *     its state directory), converted to cgroup files
 *     (cinch_cgroup_convert), and checked against what the container's
 *     cgroup offers and the policy (unenforceable-limits);
 *   - only then written, undone if a write fails, and the merged config
 *     saved for the next update and `exec`.  */
#ifndef CINCH_UPDATE_H
#define CINCH_UPDATE_H

#include <stddef.h>
#include <stdint.h>

#include "cli.h"
#include "error.h"
#include "plan.h"

/* One limit flag as the user wrote it: flag "--memory", value "512m".  */
struct cinch_update_flag
{
  const char *flag;
  const char *value;
};

/* A memory size as runc's update flags take it (docker/go-units
 * RAMInBytes): a decimal number, optionally with a fraction, an optional
 * space and a binary unit b, k, m, g, t or p (with an optional "i" and/or
 * "b": "512m", "1.5GiB", "1024k", "4096"), or "-1" for unlimited.  Pure;
 * errors name flag and value.  */
int cinch_parse_memory_size (const char *flag, const char *value, int64_t *out, cinch_error_t *err);

/* Is flag (with its dashes) one cinch_update_flags_parse knows?  */
bool cinch_update_flag_known (const char *flag);

/* The linux.resources field a flag sets, without the "linux.resources."
 * prefix ("--memory" -> "memory.limit"); NULL for an unknown flag.  */
const char *cinch_update_flag_path (const char *flag);

/* The resources the flags set, in order (a later flag wins).  Values
 * engines send for "unset" (0 for --pids-limit, --blkio-weight,
 * --cpu-share) set nothing, as with runc.  *out is filled only on success
 * (clear it with cinch_resources_clear); warnings (flags cgroup v2 ignores)
 * are appended to *warnings (NULL-terminated, owned by the caller).  Pure.  */
int cinch_update_flags_parse (const struct cinch_update_flag *flags, size_t n,
                              struct cinch_resources *out, char ***warnings, cinch_error_t *err);

/* Move every field src sets into dst (scalars copied; strings and arrays
 * exchanged, so that clearing src frees what dst had).  The zero values
 * engines send for "unset" (memory sizes, cpu shares, quota and periods,
 * pids and blkio weights; "" for cpus and mems) leave dst's value.  Device rules are
 * never changed: update does not touch device access.  Pure.  */
void cinch_update_merge (struct cinch_resources *dst, struct cinch_resources *src);

struct cinch_update_opts
{
  const char *id;
  const char *resources; /* --resources FILE, "-" for standard input, or NULL */
  const struct cinch_update_flag *flags;
  size_t n_flags;
};

/* Apply the update to container o->id: its --resources, then its flags,
 * over the container's effective config.  Refused, with nothing changed,
 * when the container is stopped or has no cgroup, when a limit needs a
 * controller its cgroup lacks (unless the policy says
 * `unenforceable-limits = warn`: then that limit is skipped with a
 * warning), or when memory.checkBeforeUpdate is set and the new memory
 * limit is below the current usage.  */
int cinch_container_update (const struct cinch_ctx *ctx, const struct cinch_update_opts *o,
                            cinch_error_t *err);

#endif
