/* cinch state ID  */
#include <stdio.h>

#include "cmd_common.h"
#include "state.h"

int
cinch_cmd_state (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { NULL, 0, false, 0 } };
  cleanup_error cinch_error_t err = NULL;
  cleanup_close int rootfd = -1, dirfd = -1;
  cleanup_free char *out = NULL;
  struct cinch_state st = { 0 };
  bool flags[1] = { false };
  const char *id;

  if (cinch_parse_id_cmd ("state", argc, argv, opts, flags, &id, NULL, 0, NULL, &err) < 0
      || cinch_id_validate (id, &err) < 0)
    return cinch_report_error (ctx, &err);
  if (cinch_state_root_open (ctx->root, false, &rootfd, &err) < 0)
    {
      cinch_error_free (&err);
      cinch_fail (&err, 0, "container `%s` does not exist", id);
      return cinch_report_error (ctx, &err);
    }
  if (cinch_state_dir_open (rootfd, id, false, &dirfd, &err) < 0
      || cinch_state_read (dirfd, id, &st, &err) < 0)
    return cinch_report_error (ctx, &err);
  out = cinch_state_oci_json (&st, cinch_state_status (dirfd, &st));
  cinch_state_clear (&st);
  puts (out);
  return 0;
}
