#include "hooks.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const char *const kind_names[CINCH_HOOK_KIND_COUNT] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

const char *
cinch_hook_kind_name (enum cinch_hook_kind kind)
{
  return kind_names[kind];
}

static long long
now_ms (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for pid through its pidfd, at most timeout_ms (< 0: forever).
 * Returns 0 with *status, or -1 with errno (ETIMEDOUT after killing it).  */
static int
wait_hook (pid_t pid, int timeout_ms, int *status)
{
  int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  long long deadline = timeout_ms < 0 ? 0 : now_ms () + timeout_ms;

  if (pidfd >= 0)
    {
      for (;;)
        {
          struct pollfd p = { pidfd, POLLIN, 0 };
          int left = timeout_ms < 0 ? -1 : (int) (deadline - now_ms ());
          int r;
          if (timeout_ms >= 0 && left <= 0)
            r = 0;
          else
            r = poll (&p, 1, left);
          if (r < 0 && errno == EINTR)
            continue;
          if (r == 0)
            {
              syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
              close (pidfd);
              waitpid (pid, status, 0);
              errno = ETIMEDOUT;
              return -1;
            }
          break;
        }
      close (pidfd);
    }
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return 0;
}

static int
run_one (const struct cinch_hook *h, const char *label, const char *state_json,
         cinch_error_t *err)
{
  int in[2];
  pid_t pid;
  int status = 0;
  char *const empty[] = { NULL };
  char *default_args[] = { h->path, NULL };

  if (pipe2 (in, O_CLOEXEC) < 0)
    return cinch_fail (err, errno, "%s: pipe", label);
  pid = fork ();
  if (pid < 0)
    {
      int e = errno;
      close (in[0]);
      close (in[1]);
      return cinch_fail (err, e, "%s: fork", label);
    }
  if (pid == 0)
    {
      sigset_t none;
      sigemptyset (&none);
      sigprocmask (SIG_SETMASK, &none, NULL);
      if (dup2 (in[0], 0) < 0)
        _exit (127);
      /* Hooks write to our stderr; stdout goes there too so a hook cannot
       * corrupt a command's output (e.g. `cinch state`).  */
      dup2 (2, 1);
      cinch_close_fds_from (3);
      execve (h->path, h->args ? h->args : default_args, h->env ? h->env : empty);
      _exit (127);
    }
  close (in[0]);
  /* A hook that does not read stdin must not make us fail: ignore EPIPE. */
  {
    struct sigaction ign = { .sa_handler = SIG_IGN }, old;
    sigaction (SIGPIPE, &ign, &old);
    (void) cinch_write_all (in[1], state_json, strlen (state_json));
    sigaction (SIGPIPE, &old, NULL);
  }
  close (in[1]);
  if (wait_hook (pid, h->has_timeout ? h->timeout * 1000 : -1, &status) < 0)
    {
      if (errno == ETIMEDOUT)
        return cinch_fail (err, 0, "%s `%s`: timed out after %d s", label, h->path, h->timeout);
      return cinch_fail (err, errno, "%s `%s`: wait", label, h->path);
    }
  if (WIFSIGNALED (status))
    return cinch_fail (err, 0, "%s `%s`: killed by signal %d", label, h->path, WTERMSIG (status));
  if (WEXITSTATUS (status) == 127 && access (h->path, X_OK) < 0)
    return cinch_fail (err, errno, "%s `%s`: cannot execute", label, h->path);
  if (WEXITSTATUS (status) != 0)
    return cinch_fail (err, 0, "%s `%s`: exited with status %d", label, h->path,
                       WEXITSTATUS (status));
  return 0;
}

int
cinch_hooks_run (const struct cinch_plan *plan, enum cinch_hook_kind kind, const char *state_json,
                 cinch_error_t *err)
{
  for (size_t i = 0; i < plan->hooks.count[kind]; i++)
    {
      char label[64];
      snprintf (label, sizeof (label), "hooks.%s[%zu]", kind_names[kind], i);
      if (run_one (&plan->hooks.list[kind][i], label, state_json, err) < 0)
        return -1;
    }
  return 0;
}
