/* cinch — command-line layer: global context, option parsing, one entry
 * point per verb (cmd_*.c).  */
#ifndef CINCH_CLI_H
#define CINCH_CLI_H

#include <stdbool.h>

#include "error.h"

enum cinch_cgroup_manager
{
  CINCH_CGROUP_CGROUPFS = 0,
  CINCH_CGROUP_SYSTEMD,
  CINCH_CGROUP_DISABLED
};

/* Global options, passed to every command (no option state in globals).  */
struct cinch_ctx
{
  const char *root; /* state directory, default /run/cinch */
  const char *log_path;
  bool log_json;
  bool debug;
  bool rootless;
  enum cinch_cgroup_manager cgroup_manager;
  const char *policy_name; /* --policy NAME, or NULL */
  const char *policy_file; /* --policy-file PATH, or NULL: CINCH_POLICY_FILE */
};

/* One option a command accepts.  name is the long name without dashes;
 * short_name 0 when none.  */
struct cinch_opt
{
  const char *name;
  char short_name;
  bool has_arg;
  int id;
};

struct cinch_argparse
{
  int argc;
  char **argv;
  int index;               /* next argv index */
  bool stop_at_positional; /* the first positional ends option parsing */
  bool done;               /* saw "--" or a positional with stop_at_positional */
};

/* Next item of argv.  Returns 1 with *id and *arg for an option, 0 with *arg
 * for a positional argument, -2 at the end, -1 on error (unknown option,
 * missing value) with err filled naming what the user wrote.  Accepts
 * --name value, --name=value, -name value (go-runc's single dash), -x value,
 * -xVALUE.  */
int cinch_argparse_next (struct cinch_argparse *ap, const struct cinch_opt *opts, const char *cmd,
                         int *id, const char **arg, cinch_error_t *err);

/* Parse a non-negative decimal int option value; error names the flag.  */
int cinch_opt_parse_int (const char *flag, const char *value, int max, int *out,
                         cinch_error_t *err);

/* Print the error (stderr and the --log file), return the exit status 1. */
int cinch_report_error (const struct cinch_ctx *ctx, cinch_error_t *err);

typedef int (*cinch_cmd_fn) (struct cinch_ctx *ctx, int argc, char **argv);

int cinch_cmd_create (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_start (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_run (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_state (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_kill (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_delete (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_list (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_spec (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_features (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_check (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_exec (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_update (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_pause (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_resume (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_ps (struct cinch_ctx *ctx, int argc, char **argv);
int cinch_cmd_events (struct cinch_ctx *ctx, int argc, char **argv);

#endif
