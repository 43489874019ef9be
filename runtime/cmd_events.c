/* cinch events [--stats] [--interval DURATION] ID
 * As runc's events: one JSON object per line.  With --stats, one "stats"
 * event and exit; otherwise a "stats" event every interval (default 5s)
 * and an "oom" event whenever memory.events' oom_kill grows, until the
 * container's init exits (then exit 0).  The reading and the JSON are in
 * cgroup_stats.c.  */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_stats.h"
#include "cmd_common.h"
#include "container.h"
#include "log.h"
#include "state.h"

enum
{
  E_STATS = 1,
  E_INTERVAL,
  E_HELP
};

struct events_job
{
  const char *id;
  int cgfd;    /* the container's cgroup directory */
  int pidfd;   /* its init: readable when it exits */
  int inotify; /* memory.events modified, or -1 without memory controller */
};

/* Open the container's cgroup and init, then let go of its lock: events
 * runs for as long as the container does, and must not hold up delete.  */
static int
open_container (const struct cinch_ctx *ctx, struct events_job *j, cinch_error_t *err)
{
  cleanup_close int rootfd = -1, dirfd = -1;
  struct cinch_state st = { 0 };
  enum cinch_status status;
  int r = 0;

  if (cinch_container_load_state (ctx, j->id, false, &rootfd, &dirfd, &st, err) < 0)
    return -1;
  status = cinch_state_status (dirfd, &st);
  if (status == CINCH_STATUS_STOPPED)
    r = cinch_fail_code (err, EINVAL, "container `%s` is not running", j->id);
  else if (st.cgroup_path == NULL)
    r = cinch_fail_code (err, ENOTSUP,
                         "no events for container `%s`: it has no cgroup (it was created with "
                         "--cgroup-manager disabled)",
                         j->id);
  else if ((j->cgfd = open (st.cgroup_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW)) < 0)
    r = cinch_fail (err, errno, "container `%s`: open its cgroup %s", j->id, st.cgroup_path);
  else if ((j->pidfd = (int) syscall (SYS_pidfd_open, st.pid, 0)) < 0
           || cinch_proc_start_time (st.pid) != st.start_time)
    r = cinch_fail_code (err, ESRCH, "container `%s` is not running", j->id);
  else
    {
      /* The kernel signals a change of memory.events as a modification
       * (cgroup-v2.rst: "a value change in this file generates a file
       * modified event").  */
      cleanup_free char *path = cinch_xasprintf ("%s/memory.events", st.cgroup_path);
      j->inotify = inotify_init1 (IN_CLOEXEC | IN_NONBLOCK);
      if (j->inotify >= 0 && inotify_add_watch (j->inotify, path, IN_MODIFY) < 0)
        cinch_close (&j->inotify);
    }
  cinch_state_clear (&st);
  return r;
}

static int
print_stats (const struct events_job *j, cinch_error_t *err)
{
  struct cinch_cgroup_stats s;
  cleanup_free char *line = NULL;

  if (cinch_cgroup_stats_read (j->cgfd, &s, err) < 0)
    return cinch_error_wrap (err, "container `%s`: statistics", j->id);
  line = cinch_cgroup_event_json ("stats", j->id, &s);
  cinch_cgroup_stats_clear (&s);
  printf ("%s\n", line);
  fflush (stdout);
  return 0;
}

static void
ts_add (struct timespec *t, uint64_t ns)
{
  uint64_t total = (uint64_t) t->tv_nsec + ns % 1000000000ULL;
  t->tv_sec += (time_t) (ns / 1000000000ULL + total / 1000000000ULL);
  t->tv_nsec = (long) (total % 1000000000ULL);
}

/* Time left until `at` (zero when past).  */
static struct timespec
ts_left (const struct timespec *at)
{
  struct timespec now, d = { 0, 0 };

  clock_gettime (CLOCK_MONOTONIC, &now);
  if (now.tv_sec > at->tv_sec || (now.tv_sec == at->tv_sec && now.tv_nsec >= at->tv_nsec))
    return d;
  d.tv_sec = at->tv_sec - now.tv_sec;
  d.tv_nsec = at->tv_nsec - now.tv_nsec;
  if (d.tv_nsec < 0)
    {
      d.tv_sec--;
      d.tv_nsec += 1000000000L;
    }
  return d;
}

/* A stats event every interval, an oom event when oom_kill grows, until
 * the init exits.  A failed read is reported and the next one tried, as
 * runc does.  */
static int
follow (const struct events_job *j, uint64_t interval)
{
  struct timespec next;
  uint64_t kills = 0;
  cinch_error_t e = NULL;

  if (cinch_cgroup_oom_kills (j->cgfd, &kills, &e) < 0)
    {
      cinch_log (CINCH_LOG_ERROR, "%s", cinch_error_msg (e));
      cinch_error_free (&e);
    }
  clock_gettime (CLOCK_MONOTONIC, &next);
  ts_add (&next, interval);
  for (;;)
    {
      struct pollfd pfd[2] = { { j->pidfd, POLLIN, 0 }, { j->inotify, POLLIN, 0 } };
      struct timespec left = ts_left (&next);
      int n = ppoll (pfd, j->inotify >= 0 ? 2 : 1, &left, NULL);

      if (n < 0 && errno != EINTR)
        {
          cinch_log (CINCH_LOG_ERROR, "events: poll: %s", strerror (errno));
          return 1;
        }
      if (n > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
        return 0; /* the container stopped */
      if (n > 0 && j->inotify >= 0 && (pfd[1].revents & POLLIN))
        {
          char buf[4096];
          uint64_t now_kills = kills;
          while (read (j->inotify, buf, sizeof (buf)) > 0)
            ;
          if (cinch_cgroup_oom_kills (j->cgfd, &now_kills, &e) < 0)
            {
              cinch_log (CINCH_LOG_ERROR, "%s", cinch_error_msg (e));
              cinch_error_free (&e);
            }
          else if (now_kills > kills)
            {
              cleanup_free char *line = cinch_cgroup_event_json ("oom", j->id, NULL);
              printf ("%s\n", line);
              fflush (stdout);
            }
          kills = now_kills > kills ? now_kills : kills;
        }
      left = ts_left (&next);
      if (left.tv_sec == 0 && left.tv_nsec == 0)
        {
          if (print_stats (j, &e) < 0)
            {
              cinch_log (CINCH_LOG_ERROR, "%s", cinch_error_msg (e));
              cinch_error_free (&e);
            }
          ts_add (&next, interval);
        }
    }
}

int
cinch_cmd_events (struct cinch_ctx *ctx, int argc, char **argv)
{
  static const struct cinch_opt opts[] = { { "stats", 0, false, E_STATS },
                                           { "interval", 0, true, E_INTERVAL },
                                           { "help", 'h', false, E_HELP },
                                           { NULL, 0, false, 0 } };
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  struct events_job j = { .cgfd = -1, .pidfd = -1, .inotify = -1 };
  cleanup_error cinch_error_t err = NULL;
  uint64_t interval = 5000000000ULL;
  bool stats = false;
  const char *arg = NULL;
  int opt = 0, r;

  while ((r = cinch_argparse_next (&ap, opts, "events", &opt, &arg, &err)) != -2)
    {
      if (r < 0)
        return cinch_report_error (ctx, &err);
      if (r == 0)
        {
          if (j.id)
            {
              cinch_fail (&err, 0, "events: unexpected argument `%s` (the container id is `%s`)",
                          arg, j.id);
              return cinch_report_error (ctx, &err);
            }
          j.id = arg;
          continue;
        }
      switch (opt)
        {
        case E_STATS:
          stats = arg == NULL;
          break;
        case E_INTERVAL:
          if (cinch_parse_go_duration ("--interval", arg, &interval, &err) < 0)
            return cinch_report_error (ctx, &err);
          break;
        case E_HELP:
          printf ("Usage: cinch events [--stats] [--interval DURATION] ID\n\n"
                  "Print the container's statistics as JSON events, one per line: every\n"
                  "DURATION (default 5s; 500ms, 1m30s ...) and an \"oom\" event when the\n"
                  "kernel kills one of its processes for memory, until it stops; with\n"
                  "--stats, once.\n");
          return 0;
        default:
          break;
        }
    }
  if (j.id == NULL)
    {
      cinch_fail (&err, 0, "events: missing the container id");
      return cinch_report_error (ctx, &err);
    }
  r = open_container (ctx, &j, &err);
  if (r == 0 && stats)
    r = print_stats (&j, &err);
  else if (r == 0)
    r = follow (&j, interval);
  cinch_close (&j.cgfd);
  cinch_close (&j.pidfd);
  cinch_close (&j.inotify);
  if (r < 0)
    return cinch_report_error (ctx, &err);
  return r;
}
