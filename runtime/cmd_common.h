/* cinch — helpers shared by the command files.  */
#ifndef CINCH_CMD_COMMON_H
#define CINCH_CMD_COMMON_H

#include <stdbool.h>

#include "cli.h"
#include "container.h"
#include "util.h"

struct cinch_run_extra
{
  bool detach;
  bool no_subreaper;
  bool keep; /* foreground run: keep the stopped container */
};

/* Flags of create (and run, when extra is not NULL); the one positional
 * argument is the container id.  */
int cinch_parse_create_opts (const char *cmd, int argc, char **argv, struct cinch_create_opts *o,
                             struct cinch_run_extra *extra, cinch_error_t *err);

/* Commands that take only an id (and the given boolean flags).  Positional
 * arguments after the id land in rest (up to max_rest).  */
int cinch_parse_id_cmd (const char *cmd, int argc, char **argv, const struct cinch_opt *opts,
                        bool *flags, const char **id, const char **rest, int max_rest, int *n_rest,
                        cinch_error_t *err);

#endif
