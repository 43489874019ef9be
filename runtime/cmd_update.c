/* cinch update [--resources FILE|-] [limit flags] ID
 * runc's flags (update.go), as containerd's go-runc, Docker and Podman send
 * them; the work is in update.c.  */
#include <stdio.h>
#include <string.h>

#include "cmd_common.h"
#include "update.h"

enum
{
  U_RESOURCES = 1,
  U_RDT,
  U_HELP,
  U_LIMIT /* U_LIMIT + i: limit_flags[i] */
};

/* The limit flags; update.c knows what each sets.  */
static const char *const limit_flags[] = {
  "--memory",        "--memory-reservation", "--memory-swap",
  "--kernel-memory", "--kernel-memory-tcp",  "--pids-limit",
  "--cpu-period",    "--cpu-quota",          "--cpu-burst",
  "--cpu-share",     "--cpu-rt-period",      "--cpu-rt-runtime",
  "--cpuset-cpus",   "--cpuset-mems",        "--cpu-idle",
  "--blkio-weight",
};

static const struct cinch_opt update_opts[] = {
  { "resources", 'r', true, U_RESOURCES },
  { "memory", 0, true, U_LIMIT + 0 },
  { "memory-reservation", 0, true, U_LIMIT + 1 },
  { "memory-swap", 0, true, U_LIMIT + 2 },
  { "kernel-memory", 0, true, U_LIMIT + 3 },
  { "kernel-memory-tcp", 0, true, U_LIMIT + 4 },
  { "pids-limit", 0, true, U_LIMIT + 5 },
  { "cpu-period", 0, true, U_LIMIT + 6 },
  { "cpu-quota", 0, true, U_LIMIT + 7 },
  { "cpu-burst", 0, true, U_LIMIT + 8 },
  { "cpu-share", 0, true, U_LIMIT + 9 },
  { "cpu-rt-period", 0, true, U_LIMIT + 10 },
  { "cpu-rt-runtime", 0, true, U_LIMIT + 11 },
  { "cpuset-cpus", 0, true, U_LIMIT + 12 },
  { "cpuset-mems", 0, true, U_LIMIT + 13 },
  { "cpu-idle", 0, true, U_LIMIT + 14 },
  { "blkio-weight", 0, true, U_LIMIT + 15 },
  { "l3-cache-schema", 0, true, U_RDT },
  { "mem-bw-schema", 0, true, U_RDT },
  { "help", 'h', false, U_HELP },
  { NULL, 0, false, 0 },
};

static void
usage (void)
{
  printf ("Usage: cinch update [OPTIONS] ID\n\n"
          "Change the cgroup limits of a running container.  The JSON of --resources is\n"
          "applied first, then each flag; fields not given keep their value.\n\n"
          "Options:\n"
          "  -r, --resources FILE       a linux.resources JSON object (`-`: standard input)\n"
          "  --memory N                 memory limit (512m, 1g, 1024k, bytes; -1: unlimited)\n"
          "  --memory-reservation N     memory low boundary (memory.low)\n"
          "  --memory-swap N            memory plus swap limit (-1: unlimited swap)\n"
          "  --kernel-memory N, --kernel-memory-tcp N   ignored (not in cgroup v2)\n"
          "  --pids-limit N             maximum number of processes (-1: unlimited)\n"
          "  --cpu-period N             CFS period in microseconds\n"
          "  --cpu-quota N              CFS quota in microseconds (-1: unlimited)\n"
          "  --cpu-burst N              CFS burst in microseconds\n"
          "  --cpu-share N              CPU shares (relative weight)\n"
          "  --cpu-rt-period N, --cpu-rt-runtime N      refused (not in cgroup v2)\n"
          "  --cpuset-cpus LIST         CPUs the container may use (0-3,8)\n"
          "  --cpuset-mems LIST         memory nodes the container may use\n"
          "  --cpu-idle 0|1             SCHED_IDLE for the container's cgroup\n"
          "  --blkio-weight N           block I/O weight, 10 to 1000\n");
}

int
cinch_cmd_update (struct cinch_ctx *ctx, int argc, char **argv)
{
  struct cinch_argparse ap = { .argc = argc, .argv = argv, .index = 0 };
  struct cinch_update_opts o = { 0 };
  cleanup_error cinch_error_t err = NULL;
  cleanup_free struct cinch_update_flag *flags = NULL;
  size_t n_flags = 0;
  const char *arg = NULL;
  int id = 0, r;

  while ((r = cinch_argparse_next (&ap, update_opts, "update", &id, &arg, &err)) != -2)
    {
      if (r < 0)
        return cinch_report_error (ctx, &err);
      if (r == 0)
        {
          if (o.id)
            {
              cinch_fail (&err, 0, "update: unexpected argument `%s` (the container id is `%s`)",
                          arg, o.id);
              return cinch_report_error (ctx, &err);
            }
          o.id = arg;
          continue;
        }
      if (id >= U_LIMIT)
        {
          flags = cinch_xrealloc (flags, (n_flags + 1) * sizeof (*flags));
          flags[n_flags].flag = limit_flags[id - U_LIMIT];
          flags[n_flags].value = arg;
          n_flags++;
          continue;
        }
      switch (id)
        {
        case U_RESOURCES:
          o.resources = arg;
          break;
        case U_RDT:
          if (*arg)
            {
              cinch_fail (&err, 0, "update: `%s`: cinch does not support Intel RDT", arg);
              return cinch_report_error (ctx, &err);
            }
          break;
        case U_HELP:
          usage ();
          return 0;
        default:
          break;
        }
    }
  if (o.id == NULL)
    {
      cinch_fail (&err, 0, "update: missing the container id (see `cinch update --help`)");
      return cinch_report_error (ctx, &err);
    }
  o.flags = flags;
  o.n_flags = n_flags;
  if (cinch_container_update (ctx, &o, &err) < 0)
    return cinch_report_error (ctx, &err);
  return 0;
}
