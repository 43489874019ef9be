/* cinch pause ID / cinch resume ID
 * Freeze and thaw every process of the container through its cgroup's
 * cgroup.freeze (cgroup v2 freezes the whole subtree, exec'd processes
 * included); `state` then says "paused" (state.c asks cgroup.events).  */
#include <errno.h>

#include "cgroup.h"
#include "cmd_common.h"
#include "container.h"
#include "state.h"

static int
freeze_container (const struct cinch_ctx *ctx, const char *id, bool freeze, cinch_error_t *err)
{
  const char *verb = freeze ? "pause" : "resume";
  cleanup_close int rootfd = -1, dirfd = -1;
  struct cinch_state st = { 0 };
  struct cinch_cgroup cg = CINCH_CGROUP_INIT;
  enum cinch_status status;
  int r = -1;

  /* Exclusive: a concurrent pause and resume must not interleave.  */
  if (cinch_container_load_state (ctx, id, true, &rootfd, &dirfd, &st, err) < 0)
    return -1;
  status = cinch_state_status (dirfd, &st);
  if (freeze && status != CINCH_STATUS_RUNNING)
    r = cinch_fail_code (err, EINVAL, "cannot pause container `%s`: it is %s, not running", id,
                         cinch_status_name (status));
  else if (!freeze && status != CINCH_STATUS_PAUSED)
    r = cinch_fail_code (err, EINVAL, "cannot resume container `%s`: it is %s, not paused", id,
                         cinch_status_name (status));
  else if (st.cgroup_path == NULL)
    r = cinch_fail_code (err, ENOTSUP,
                         "cannot %s container `%s`: it has no cgroup (it was created with "
                         "--cgroup-manager disabled)",
                         verb, id);
  else if (cinch_cgroup_open (st.cgroup_path, &cg, err) < 0
           || cinch_cgroup_freeze (&cg, freeze, err) < 0)
    r = cinch_error_wrap (err, "%s container `%s`", verb, id);
  else
    r = 0;
  /* A pause that could not complete is undone: a container half frozen
   * would hang whoever talks to it.  */
  if (r < 0 && freeze && cg.dirfd >= 0)
    {
      cinch_error_t e = NULL;
      cinch_cgroup_freeze (&cg, false, &e);
      cinch_error_free (&e);
    }
  cinch_cgroup_close (&cg);
  cinch_state_clear (&st);
  return r;
}

static int
run (const char *cmd, bool freeze, struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { NULL, 0, false, 0 } };
  cleanup_error cinch_error_t err = NULL;
  bool flags[1] = { false };
  const char *id;

  if (cinch_parse_id_cmd (cmd, argc, argv, opts, flags, &id, NULL, 0, NULL, &err) < 0
      || freeze_container (ctx, id, freeze, &err) < 0)
    return cinch_report_error (ctx, &err);
  return 0;
}

int
cinch_cmd_pause (struct cinch_ctx *ctx, int argc, char **argv)
{
  return run ("pause", true, ctx, argc, argv);
}

int
cinch_cmd_resume (struct cinch_ctx *ctx, int argc, char **argv)
{
  return run ("resume", false, ctx, argc, argv);
}
