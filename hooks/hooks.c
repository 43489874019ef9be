#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
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

/* Feed state_json to the hook's stdin while waiting for it to exit, all
 * under one deadline (timeout_ms < 0: none).  The pipe is non-blocking and
 * polled with the hook's pidfd: a hook that does not read its stdin cannot
 * stall us past its timeout, and once it has exited nothing it left behind
 * holding the pipe can either.  On timeout the hook's whole process group is
 * killed, so that a script's children die with it.  Returns 0 with *status,
 * or -1 with errno (ETIMEDOUT after killing it).  */
static int
feed_and_wait (pid_t pid, int wr, const char *data, int timeout_ms, int *status)
{
  cleanup_close int pidfd = (int) syscall (SYS_pidfd_open, pid, 0);
  long long deadline = timeout_ms < 0 ? 0 : now_ms () + timeout_ms;
  size_t len = strlen (data), off = 0;

  if (pidfd < 0)
    {
      int e = errno;
      kill (-pid, SIGKILL);
      while (waitpid (pid, status, 0) < 0 && errno == EINTR)
        ;
      errno = e;
      return -1;
    }
  if (len == 0)
    cinch_close (&wr);
  for (;;)
    {
      struct pollfd p[2] = { { pidfd, POLLIN, 0 }, { wr, POLLOUT, 0 } };
      int left = timeout_ms < 0 ? -1 : (int) (deadline - now_ms ());
      int r;

      if (timeout_ms >= 0 && left <= 0)
        r = 0;
      else
        r = poll (p, wr >= 0 ? 2 : 1, left);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return -1;
      if (r == 0)
        {
          kill (-pid, SIGKILL);
          cinch_close (&wr);
          while (waitpid (pid, status, 0) < 0 && errno == EINTR)
            ;
          errno = ETIMEDOUT;
          return -1;
        }
      if (p[0].revents)
        break;
      if (wr >= 0 && p[1].revents)
        {
          ssize_t n = write (wr, data + off, len - off);
          if (n > 0)
            off += (size_t) n;
          /* EPIPE: the hook closed its stdin without reading it all,
           * which the spec allows.  */
          if (off == len || (n < 0 && errno != EAGAIN && errno != EINTR))
            cinch_close (&wr);
        }
    }
  cinch_close (&wr);
  while (waitpid (pid, status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return 0;
}

static int
run_one (const struct cinch_hook *h, const char *label, const char *state_json, cinch_error_t *err)
{
  int in[2];
  pid_t pid;
  int status = 0, r;
  char *const empty[] = { NULL };
  char *default_args[] = { h->path, NULL };
  struct sigaction ign = { .sa_handler = SIG_IGN }, old;

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
      /* Its own process group, for the timeout to kill all of it.  */
      setpgid (0, 0);
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
  /* Also here, so that the group exists before any kill (EACCES once the
   * child has exec'd: it has done it itself by then).  */
  setpgid (pid, pid);
  close (in[0]);
  fcntl (in[1], F_SETFL, O_NONBLOCK);
  sigaction (SIGPIPE, &ign, &old);
  r = feed_and_wait (pid, in[1], state_json, h->has_timeout ? h->timeout * 1000 : -1, &status);
  sigaction (SIGPIPE, &old, NULL);
  if (r < 0)
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
